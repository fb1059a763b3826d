package org.envelopejca.server;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKey;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKeyProvider;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.keystore.KmsLoadStoreParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Cipher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The AWS Encryption SDK for Java, with its KMS master key provider on an SDK v2 client pointed at the endpoint,
 * and Envelope's KMS KeyStore over the same embedded engine read each other's messages.
 */
class EsdkThroughEndpointTest {

    @Test
    void esdkAndEnvelopeShareKeysThroughTheEndpoint(@TempDir Path dir) throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, List.of("*"))) {
            String arn = fx.admin().createKey(r -> r.description("shared")).keyMetadata().arn();
            KmsMasterKeyProvider esdkKeys = KmsMasterKeyProvider.builder()
                    .customRegionalClientSupplier(region -> fx.admin())
                    .buildStrict(arn);
            AwsCrypto esdk = AwsCrypto.builder()
                    .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt).build();
            Map<String, String> context = Map.of("purpose", "interop");
            byte[] plaintext = "written by the ESDK through the endpoint".getBytes(StandardCharsets.UTF_8);
            byte[] esdkMessage = esdk.encryptData(esdkKeys, plaintext, context).getResult();

            EnvelopeProvider provider = new EnvelopeProvider();
            KeyStore store = KeyStore.getInstance("KMS", provider);
            store.load(KmsLoadStoreParameter.of(KeyStoreConfig.local(dir.resolve("kms")), fx.local));
            KmsKey key = (KmsKey) store.getKey(arn, null);
            Cipher cipher = Cipher.getInstance("Envelope", provider);
            cipher.init(Cipher.DECRYPT_MODE, key, EnvelopeParameterSpec.builder().encryptionContext(context).build());
            assertArrayEquals(plaintext, cipher.doFinal(esdkMessage));

            byte[] back = "written by Envelope, read by the ESDK".getBytes(StandardCharsets.UTF_8);
            cipher.init(Cipher.ENCRYPT_MODE, key, EnvelopeParameterSpec.builder().encryptionContext(context).build());
            byte[] envelopeMessage = cipher.doFinal(back);
            CryptoResult<byte[], KmsMasterKey> read = esdk.decryptData(esdkKeys, envelopeMessage);
            assertArrayEquals(back, read.getResult());
            assertEquals("interop", read.getEncryptionContext().get("purpose"));
            assertEquals(List.of(arn), read.getMasterKeyIds());
        }
    }
}
