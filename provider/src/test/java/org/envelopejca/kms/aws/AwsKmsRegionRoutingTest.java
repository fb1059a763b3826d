package org.envelopejca.kms.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.kms.KmsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which region each KMS call is signed for (Moto cannot decrypt multi-Region keys' ciphertexts, so a stub shows
 * it): a message written under a multi-Region key in us-east-1 is read through its replica in the reader's region,
 * the ESDK's MRK-aware behaviour, with the Decrypt call going to that region.
 */
class AwsKmsRegionRoutingTest {
    private static final EnvelopeProvider PROVIDER = new EnvelopeProvider();
    private static final String MRK = "mrk-1234abcd12ab34cd56ef1234567890ab";
    private static final String EAST = "arn:aws:kms:us-east-1:111122223333:key/" + MRK;
    private static final String WEST = "arn:aws:kms:us-west-2:111122223333:key/" + MRK;
    private static final String FRANKFURT = "arn:aws:kms:eu-central-1:111122223333:key/" + MRK;

    private KmsStub stub;

    @BeforeEach
    void start() throws Exception {
        stub = new KmsStub();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private KeyStore store(String region, String aliasArn) throws Exception {
        String props = "kms=aws\naws.region=" + region + "\naws.endpoint=" + stub.endpoint()
                + "\naws.access-key-id=AKIDSTUB\naws.secret-access-key=stub-secret\ncache.enabled=false\nalias.app="
                + aliasArn + "\n";
        KeyStore ks = KeyStore.getInstance("KMS", PROVIDER);
        ks.load(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)), null);
        return ks;
    }

    private static EnvelopeParameterSpec.Builder spec() {
        return EnvelopeParameterSpec.builder().encryptionContext(Map.of("a", "b"));
    }

    @Test
    void multiRegionKeyReadThroughTheReplicaOfTheReadersRegion() throws Exception {
        KmsKey east = (KmsKey) store("us-east-1", EAST).getKey("app", null);
        KmsKey west = (KmsKey) store("us-west-2", WEST).getKey("app", null);
        KmsKey frankfurt = (KmsKey) store("eu-central-1", WEST).getKey("app", null);
        // The store describes a static alias's key where it lives.
        assertEquals(List.of(new KmsStub.Call("DescribeKey", "us-east-1", EAST), new KmsStub.Call("DescribeKey", "us-west-2", WEST),
                new KmsStub.Call("DescribeKey", "us-west-2", WEST)), stub.calls());

        stub.clearCalls();
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        c.init(Cipher.ENCRYPT_MODE, east, spec().build());
        byte[] message = c.doFinal(new byte[] {1, 2, 3});
        assertEquals(List.of(new KmsStub.Call("GenerateDataKey", "us-east-1", EAST)), stub.calls());

        // A us-west-2 application names its replica: the EDK (us-east-1) matches it, Decrypt goes to us-west-2.
        stub.clearCalls();
        c.init(Cipher.DECRYPT_MODE, west, spec().build());
        assertArrayEquals(new byte[] {1, 2, 3}, c.doFinal(message));
        assertEquals(List.of(new KmsStub.Call("Decrypt", "us-west-2", WEST)), stub.calls());

        // Discovery in eu-central-1: the replica of the engine's region.
        stub.clearCalls();
        c.init(Cipher.DECRYPT_MODE, frankfurt, spec().discovery(true).build());
        assertArrayEquals(new byte[] {1, 2, 3}, c.doFinal(message));
        assertEquals(List.of(new KmsStub.Call("Decrypt", "eu-central-1", FRANKFURT)), stub.calls());
    }

    @Test
    void keyIdsAndAliasesGoToTheConfiguredRegion() throws Exception {
        try (AwsKms kms = AwsKms.create(AwsKmsConfig.builder().region("ap-southeast-2").endpoint(stub.endpoint())
                .staticCredentials("AKIDSTUB", "stub-secret", null).build())) {
            kms.generateDataKey(MRK, 32, Map.of());
            // The stub knows no such ciphertext; only the region of the call matters here.
            assertThrows(KmsException.class, () -> kms.decrypt(new byte[] {1}, "alias/app", Map.of(), null));
            kms.generateDataKey(WEST, 32, Map.of());
        }
        assertEquals(List.of(new KmsStub.Call("GenerateDataKey", "ap-southeast-2", MRK),
                new KmsStub.Call("Decrypt", "ap-southeast-2", "alias/app"),
                new KmsStub.Call("GenerateDataKey", "us-west-2", WEST)), stub.calls());
    }
}
