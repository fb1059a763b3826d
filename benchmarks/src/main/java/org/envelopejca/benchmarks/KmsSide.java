package org.envelopejca.benchmarks;

import com.amazonaws.encryptionsdk.CryptoMaterialsManager;
import com.amazonaws.encryptionsdk.DefaultCryptoMaterialsManager;
import com.amazonaws.encryptionsdk.caching.CachingCryptoMaterialsManager;
import com.amazonaws.encryptionsdk.caching.LocalCryptoMaterialsCache;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKeyProvider;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.KmsEnvelopeAead;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyGenerator;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.keystore.CacheSettings;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsLoadStoreParameter;
import org.envelopejca.kms.local.AuditSync;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * What the threads of one KMS-keyed variant share: the KMS (see {@link EmbeddedKms}) and the library's key handle
 * with its data-key cache, as one application would hold them; each thread gets its own {@link Workload} (its own
 * Cipher, buffers and message) from {@link #workload}.
 *
 * <p>Variants: {@code envelope-cache} and {@code envelope-nocache}, a KMS key of the provider's KeyStore over the
 * embedded KMS with the KeyStore's default data-key cache or {@code cache.enabled=false};
 * {@code envelope-endpoint-cache} and {@code envelope-endpoint-nocache}, the same through the KeyStore's AWS engine
 * against the provider's KMS endpoint on loopback; {@code esdk-cache} and {@code esdk-nocache}, the ESDK's KMS
 * keyring (SDK v2 {@code KmsMasterKeyProvider}) with an in-process KMS client over the same embedded KMS, with the
 * ESDK's caching materials manager or without; {@code esdk-endpoint-cache} and {@code esdk-endpoint-nocache}, the
 * same with the SDK's own KMS client against the endpoint; {@code tink}, Tink's {@code KmsEnvelopeAead} (AES256_GCM
 * data keys) over an in-process KMS AEAD on the same embedded KMS.
 */
final class KmsSide implements AutoCloseable {
    /** Builds one thread's workload. */
    private interface WorkloadFactory {
        Workload create(int messageSize, int frameLength, int suiteId) throws GeneralSecurityException;
    }

    private final EmbeddedKms kms;
    private final WorkloadFactory workloads;

    private KmsSide(EmbeddedKms kms, WorkloadFactory workloads) {
        this.kms = kms;
        this.workloads = workloads;
    }

    static KmsSide open(String variant, AuditSync auditSync) throws IOException, GeneralSecurityException {
        boolean endpoint = variant.contains("-endpoint");
        boolean cache = variant.endsWith("-cache");
        if (!variant.equals("tink") && !cache && !variant.endsWith("-nocache")) {
            throw new IllegalArgumentException("variant must end in -cache or -nocache, or be tink: " + variant);
        }
        EmbeddedKms kms = EmbeddedKms.open(auditSync, endpoint);
        try {
            if (variant.startsWith("envelope-")) {
                return new KmsSide(kms, envelope(kms, endpoint, cache));
            }
            if (variant.startsWith("esdk-")) {
                return new KmsSide(kms, esdk(kms, endpoint, cache));
            }
            if (variant.equals("tink")) {
                return new KmsSide(kms, tink(kms));
            }
            throw new IllegalArgumentException("no such KMS variant: " + variant);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            kms.close();
            throw e;
        }
    }

    Workload workload(int messageSize, int frameLength, int suiteId) throws GeneralSecurityException {
        return workloads.create(messageSize, frameLength, suiteId);
    }

    @Override
    public void close() throws IOException {
        kms.close();
    }

    /**
     * The application's way: a KMS KeyStore loaded from properties, the key from {@code getKey}, an init per
     * message. Over the embedded KMS the store gets the engine this benchmark opened (the same options as the
     * other libraries' side) and a key made by the KMS KeyGenerator; over the endpoint it is the AWS engine with a
     * static alias to the key.
     */
    private static WorkloadFactory envelope(EmbeddedKms kms, boolean endpoint, boolean cache)
            throws IOException, GeneralSecurityException {
        EnvelopeProvider provider = new EnvelopeProvider();
        KeyStore store = KeyStore.getInstance("KMS", provider);
        Properties properties = new Properties();
        if (!cache) {
            properties.setProperty("cache.enabled", "false");
        }
        Key key;
        if (endpoint) {
            properties.setProperty("kms", "aws");
            properties.setProperty("aws.endpoint", kms.endpoint().toString());
            properties.setProperty("aws.region", EmbeddedKms.REGION);
            properties.setProperty("aws.access-key-id", EmbeddedKms.ACCESS_KEY_ID);
            properties.setProperty("aws.secret-access-key", EmbeddedKms.SECRET);
            properties.setProperty("alias.benchmark", kms.keyArn());
            store.load(KmsLoadStoreParameter.of(KeyStoreConfig.parse(properties), (char[]) null));
            key = store.getKey("alias/benchmark", null);
        } else {
            properties.setProperty("kms", "local");
            store.load(KmsLoadStoreParameter.of(KeyStoreConfig.parse(properties), kms.kms()));
            store.setKeyEntry("benchmark", KeyGenerator.getInstance("KMS", provider).generateKey(), null, null);
            key = store.getKey("alias/benchmark", null);
        }
        if (key == null) {
            throw new IllegalStateException("the KeyStore has no key alias/benchmark");
        }
        return (messageSize, frameLength, suiteId) ->
                new EnvelopeWorkload(key, messageSize, frameLength, suiteId, true, null);
    }

    /**
     * The ESDK's KMS keyring in strict mode on the key's ARN. With the cache: its caching materials manager over a
     * local cache with Envelope's KeyStore defaults (5 minutes, 2^32 messages, unlimited bytes, 1000 entries).
     */
    private static WorkloadFactory esdk(EmbeddedKms kms, boolean endpoint, boolean cache) {
        KmsMasterKeyProvider.Builder keys = KmsMasterKeyProvider.builder();
        if (endpoint) {
            keys.builderSupplier(() -> KmsClient.builder()
                    .endpointOverride(kms.endpoint())
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(EmbeddedKms.ACCESS_KEY_ID, EmbeddedKms.SECRET)))
                    // the HTTP client Envelope's AWS engine uses
                    .httpClient(UrlConnectionHttpClient.builder().build()));
        } else {
            KmsClient client = new InProcessKmsClient(kms.kms());
            keys.customRegionalClientSupplier(region -> client);
        }
        KmsMasterKeyProvider provider = keys.buildStrict(kms.keyArn());
        CacheSettings defaults = CacheSettings.DEFAULT;
        CryptoMaterialsManager materials = !cache ? new DefaultCryptoMaterialsManager(provider)
                : CachingCryptoMaterialsManager.newBuilder()
                        .withMasterKeyProvider(provider)
                        .withCache(new LocalCryptoMaterialsCache(defaults.capacity()))
                        .withMaxAge(defaults.maxAge().toMillis(), TimeUnit.MILLISECONDS)
                        .withMessageUseLimit(defaults.maxMessages())
                        .withByteUseLimit(defaults.maxBytes())
                        .build();
        return (messageSize, frameLength, suiteId) -> new EsdkWorkload(materials, messageSize, frameLength, suiteId);
    }

    /** Tink's envelope AEAD: AES256_GCM data keys, each wrapped by KMS Encrypt and unwrapped by KMS Decrypt. */
    private static WorkloadFactory tink(EmbeddedKms kms) throws GeneralSecurityException {
        AeadConfig.register();
        Aead aead = KmsEnvelopeAead.create(PredefinedAeadParameters.AES256_GCM,
                new InProcessKmsAead(kms.kms(), kms.keyArn()));
        return (messageSize, frameLength, suiteId) -> new TinkWorkload(aead, messageSize);
    }
}
