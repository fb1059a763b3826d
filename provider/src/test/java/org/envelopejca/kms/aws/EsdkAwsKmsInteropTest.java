package org.envelopejca.kms.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.MasterKeyProvider;
import com.amazonaws.encryptionsdk.kms.DiscoveryFilter;
import com.amazonaws.encryptionsdk.kmssdkv2.AwsKmsMrkAwareMasterKeyProvider;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKeyProvider;
import com.amazonaws.encryptionsdk.kmssdkv2.RegionalClientSupplier;
import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import org.envelopejca.DataKeyUnavailableException;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.kms.CreateKeyRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The ESDK for Java's AWS KMS master key providers (over the AWS SDK v2) and the {@code aws} engine use the same
 * Moto keys: each reads what the other wrote, with keys in two regions.
 */
@ExtendWith(MotoServer.class)
class EsdkAwsKmsInteropTest {
    private static final EnvelopeProvider PROVIDER = new EnvelopeProvider();
    private static final Map<String, String> CONTEXT = Map.of("purpose", "interop", "tenant", "7");
    private static final Map<String, KmsClient> ESDK_CLIENTS = new ConcurrentHashMap<>();
    /** The ESDK's clients, made the way an application points them at an endpoint. */
    private static final RegionalClientSupplier SUPPLIER = region -> ESDK_CLIENTS.computeIfAbsent(region.id(),
            r -> KmsClient.builder()
                    .region(region)
                    .endpointOverride(MotoServer.endpoint())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDESDK", "esdk-secret")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build());

    private static String east;
    private static String west;
    private static KeyStore store;

    @BeforeAll
    static void keys() throws Exception {
        try (AwsKms eastKms = Moto.engine("us-east-1"); AwsKms westKms = Moto.engine("us-west-2")) {
            east = eastKms.createKey(CreateKeyRequest.symmetric("interop east")).arn();
            west = westKms.createKey(CreateKeyRequest.symmetric("interop west")).arn();
        }
        store = KeyStore.getInstance("KMS", PROVIDER);
        store.load(new ByteArrayInputStream(Moto.keyStoreProperties("us-east-1", "alias.both=" + east + "," + west + "\n")), null);
    }

    @AfterAll
    static void closeClients() {
        ESDK_CLIENTS.values().forEach(KmsClient::close);
        ESDK_CLIENTS.clear();
    }

    private static KmsMasterKeyProvider esdkStrict(String... arns) {
        return KmsMasterKeyProvider.builder().customRegionalClientSupplier(SUPPLIER).buildStrict(arns);
    }

    private static byte[] ours(int mode, KmsKey key, byte[] input) throws Exception {
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        c.init(mode, key, EnvelopeParameterSpec.builder().encryptionContext(CONTEXT).build());
        return c.doFinal(input);
    }

    private static byte[] plaintext(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 31 + 7);
        }
        return p;
    }

    @Test
    void esdkReadsOurMessagesWithEitherKey() throws Exception {
        byte[] plaintext = plaintext(100_000);
        byte[] message = ours(Cipher.ENCRYPT_MODE, (KmsKey) store.getKey("both", null), plaintext);
        AwsCrypto esdk = AwsCrypto.standard();
        for (MasterKeyProvider<?> provider : List.<MasterKeyProvider<?>>of(esdkStrict(east), esdkStrict(west),
                AwsKmsMrkAwareMasterKeyProvider.builder().customRegionalClientSupplier(SUPPLIER).buildStrict(west),
                KmsMasterKeyProvider.builder().customRegionalClientSupplier(SUPPLIER)
                        .buildDiscovery(new DiscoveryFilter("aws", Moto.ACCOUNT)))) {
            CryptoResult<byte[], ?> read = esdk.decryptData(provider, message);
            assertArrayEquals(plaintext, read.getResult(), provider.toString());
            CONTEXT.forEach((k, v) -> assertEquals(v, read.getEncryptionContext().get(k)));
        }
    }

    @Test
    void weReadEsdkMessagesWithEitherKey() throws Exception {
        byte[] plaintext = plaintext(70_000);
        byte[] message = AwsCrypto.standard().encryptData(esdkStrict(east, west), plaintext, CONTEXT).getResult();
        assertArrayEquals(plaintext, ours(Cipher.DECRYPT_MODE, (KmsKey) store.getKey(east, null), message));
        assertArrayEquals(plaintext, ours(Cipher.DECRYPT_MODE, (KmsKey) store.getKey(west, null), message));

        byte[] mrkAware = AwsCrypto.standard().encryptData(
                AwsKmsMrkAwareMasterKeyProvider.builder().customRegionalClientSupplier(SUPPLIER).buildStrict(west),
                plaintext, CONTEXT).getResult();
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        c.init(Cipher.DECRYPT_MODE, store.getKey(east, null),
                EnvelopeParameterSpec.builder().encryptionContext(CONTEXT).discoveryFilter("aws", Set.of(Moto.ACCOUNT)).build());
        // Discovery in us-east-1 does not use the us-west-2 key; a handle naming it does.
        assertThrows(DataKeyUnavailableException.class, () -> c.doFinal(mrkAware));
        assertArrayEquals(plaintext, ours(Cipher.DECRYPT_MODE, (KmsKey) store.getKey(west, null), mrkAware));
    }
}
