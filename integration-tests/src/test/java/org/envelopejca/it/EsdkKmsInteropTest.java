package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.ParsedCiphertext;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKey;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKeyProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsLoadStoreParameter;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.DataKeyResult;
import org.envelopejca.kms.DecryptResult;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * The README's interoperability claim for KMS keys: a message Envelope encrypts with a KMS KeyStore key is decrypted
 * by the AWS Encryption SDK for Java with its AWS KMS master key provider for the same key, and the other way
 * round. Both reach the same embedded KMS: the ESDK through an AWS SDK {@link KmsClient} that forwards to it.
 */
class EsdkKmsInteropTest {
    private static final Map<String, String> CONTEXT = Map.of("purpose", "interop", "tenant", "42");

    @TempDir
    Path dir;
    LocalKms kms;
    String arn;
    Key envelopeKey;
    KmsMasterKeyProvider esdkKeys;
    final AwsCrypto esdk = AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt).build();

    /** The two KMS calls the ESDK's KMS master key makes, answered by the embedded KMS. */
    private record ForwardingKmsClient(Kms kms) implements KmsClient {
        @Override
        public GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest r) {
            try {
                DataKeyResult d = kms.generateDataKey(r.keyId(), r.numberOfBytes(), r.encryptionContext());
                return GenerateDataKeyResponse.builder().keyId(d.keyArn())
                        .plaintext(SdkBytes.fromByteArray(d.plaintext()))
                        .ciphertextBlob(SdkBytes.fromByteArray(d.ciphertextBlob())).build();
            } catch (KmsException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public DecryptResponse decrypt(DecryptRequest r) {
            try {
                DecryptResult d = kms.decrypt(r.ciphertextBlob().asByteArray(), r.keyId(), r.encryptionContext(),
                        EncryptionAlgorithm.SYMMETRIC_DEFAULT);
                return DecryptResponse.builder().keyId(d.keyArn()).plaintext(SdkBytes.fromByteArray(d.plaintext()))
                        .build();
            } catch (KmsException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String serviceName() {
            return "kms";
        }

        @Override
        public void close() {
        }
    }

    @BeforeEach
    void sameKeyOnBothSides() throws Exception {
        kms = LocalKms.open(dir.resolve("kms"), LocalKmsOptions.defaults());
        arn = kms.createKey(new CreateKeyRequest(KeySpec.SYMMETRIC_DEFAULT, "interop", false)).arn();
        KeyStore store = KeyStore.getInstance("KMS", new EnvelopeProvider());
        store.load(KmsLoadStoreParameter.of(KeyStoreConfig.local(dir.resolve("kms")), kms));
        envelopeKey = store.getKey(arn, null);
        KmsClient client = new ForwardingKmsClient(kms);
        esdkKeys = KmsMasterKeyProvider.builder().customRegionalClientSupplier(region -> client).buildStrict(arn);
    }

    @AfterEach
    void close() throws Exception {
        kms.close();
    }

    private static Cipher cipher() throws Exception {
        return Cipher.getInstance(EnvelopeProvider.CIPHER, new EnvelopeProvider());
    }

    @Test
    void theEsdkDecryptsWhatEnvelopeEncryptedUnderAKmsKey() throws Exception {
        byte[] plaintext = "from Envelope to the ESDK".getBytes(StandardCharsets.UTF_8);
        Cipher c = cipher();
        c.init(Cipher.ENCRYPT_MODE, envelopeKey, EnvelopeParameterSpec.builder().encryptionContext(CONTEXT).build());
        byte[] message = c.doFinal(plaintext);

        ParsedCiphertext parsed = new ParsedCiphertext(message);
        assertEquals(1, parsed.getEncryptedKeyBlobCount());
        assertEquals("aws-kms", parsed.getEncryptedKeyBlobs().get(0).getProviderId());
        assertEquals(arn, new String(parsed.getEncryptedKeyBlobs().get(0).getProviderInformation(),
                StandardCharsets.UTF_8));

        CryptoResult<byte[], KmsMasterKey> result = esdk.decryptData(esdkKeys, message);
        assertArrayEquals(plaintext, result.getResult());
        assertEquals("interop", result.getEncryptionContext().get("purpose"));
        assertEquals("42", result.getEncryptionContext().get("tenant"));
    }

    @Test
    void envelopeDecryptsWhatTheEsdkEncryptedUnderAKmsKey() throws Exception {
        byte[] plaintext = "from the ESDK to Envelope".getBytes(StandardCharsets.UTF_8);
        byte[] message = esdk.encryptData(esdkKeys, plaintext, CONTEXT).getResult();

        Cipher c = cipher();
        c.init(Cipher.DECRYPT_MODE, envelopeKey, EnvelopeParameterSpec.builder().encryptionContext(CONTEXT).build());
        assertArrayEquals(plaintext, c.doFinal(message));

        c.init(Cipher.DECRYPT_MODE, envelopeKey,
                EnvelopeParameterSpec.builder().encryptionContext(Map.of("purpose", "other")).build());
        assertThrows(AEADBadTagException.class, () -> c.doFinal(message));
    }
}
