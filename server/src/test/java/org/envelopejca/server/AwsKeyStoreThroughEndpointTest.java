package org.envelopejca.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import org.envelopejca.DataKeyUnavailableException;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.message.MessageHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider's own AWS path end to end: a KMS KeyStore with {@code kms=aws} whose endpoint is {@code envelope
 * serve} over the embedded engine. Keys are created, used, rotated and aliased through the wire protocol only.
 */
class AwsKeyStoreThroughEndpointTest {
    private static final EnvelopeProvider PROVIDER = new EnvelopeProvider();

    private static KeyStore awsStore(ServerFixture fx, String extra) throws Exception {
        String props = "kms=aws\naws.region=us-east-1\naws.endpoint=" + fx.server.endpoint() + "\n"
                + "aws.access-key-id=" + ServerFixture.ADMIN_ID + "\naws.secret-access-key=" + ServerFixture.ADMIN_SECRET
                + "\n" + extra;
        KeyStore ks = KeyStore.getInstance("KMS", PROVIDER);
        ks.load(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)), null);
        return ks;
    }

    private static byte[] run(int mode, KmsKey key, byte[] input) throws Exception {
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        c.init(mode, key, EnvelopeParameterSpec.builder().useCache(false).encryptionContext(Map.of("path", "endpoint")).build());
        return c.doFinal(input);
    }

    @Test
    void encryptDecryptRotateAndTwoKeysUnderOneAlias(@TempDir Path dir) throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, List.of("*"))) {
            KeyStore store = awsStore(fx, "");
            store.setKeyEntry("first", KeyGenerator.getInstance("KMS", PROVIDER).generateKey(), null, null);
            store.setKeyEntry("second", KeyGenerator.getInstance("KMS", PROVIDER).generateKey(), null, null);
            KmsKey first = (KmsKey) store.getKey("alias/first", null);
            KmsKey second = (KmsKey) store.getKey("alias/second", null);
            assertEquals(List.of("alias/first", "alias/second"), java.util.Collections.list(store.aliases()));

            byte[] plaintext = "through the KMS wire protocol".getBytes(StandardCharsets.UTF_8);
            byte[] before = run(Cipher.ENCRYPT_MODE, first, plaintext);
            assertArrayEquals(plaintext, run(Cipher.DECRYPT_MODE, first, before));

            for (int i = 0; i < 2; i++) {
                first.engine().kms().rotateKeyOnDemand(first.keyArns().get(0));
            }
            byte[] after = run(Cipher.ENCRYPT_MODE, first, plaintext);
            assertArrayEquals(plaintext, run(Cipher.DECRYPT_MODE, first, before));
            assertArrayEquals(plaintext, run(Cipher.DECRYPT_MODE, first, after));
            assertThrows(DataKeyUnavailableException.class, () -> run(Cipher.DECRYPT_MODE, second, after));

            KeyStore withBoth = awsStore(fx, "alias.both=" + first.keyArns().get(0) + "," + second.keyArns().get(0) + "\n");
            KmsKey both = (KmsKey) withBoth.getKey("alias/both", null);
            byte[] twoKeys = run(Cipher.ENCRYPT_MODE, both, plaintext);
            assertEquals(2, MessageHeader.read(new ByteArrayInputStream(twoKeys), 16).encryptedDataKeys().size());
            assertArrayEquals(plaintext, run(Cipher.DECRYPT_MODE, first, twoKeys));
            assertArrayEquals(plaintext, run(Cipher.DECRYPT_MODE, second, twoKeys));
        }
    }
}
