package org.envelopejca.keystore;

import java.io.IOException;
import java.security.UnrecoverableKeyException;
import org.envelopejca.keyring.cache.DataKeyCache;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.aws.AwsKms;
import org.envelopejca.kms.local.Caller;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.envelopejca.kms.local.WrongPasswordException;

/** Builds the engine (and its shared data-key cache) a KeyStore configuration names. */
final class KmsEngines {
    private KmsEngines() {
    }

    static KeyStoreEngine open(KeyStoreConfig config, char[] password) throws IOException {
        if (config.kms().equals("aws")) {
            AwsKms aws;
            try {
                aws = AwsKms.create(config.aws());
            } catch (IllegalArgumentException e) {
                throw new IOException("kms=aws: " + e.getMessage(), e);
            }
            // Discovery decrypts in the engine's region: the configured one, else the SDK's region chain's.
            return wrap(config, aws, aws.region());
        }
        LocalKmsOptions options = LocalKmsOptions.builder()
                .region(config.localRegion())
                .account(config.localAccount())
                .auditSync(config.localAuditSync())
                .copies(config.localCopies().open(config.localRegion()))
                .copiesRequired(config.localCopies().required())
                .password(password)
                .caller(config.localPrincipal() == null ? Caller.LOCAL : Caller.of(config.localPrincipal(), null))
                .auditDelivery(config.localAuditDelivery())
                .build();
        try {
            return wrap(config, LocalKms.open(config.localPath(), options));
        } catch (WrongPasswordException e) {
            // JCA: a wrong password is an IOException caused by an UnrecoverableKeyException.
            throw new IOException("wrong password for the embedded KMS in " + config.localPath(),
                    new UnrecoverableKeyException(e.getMessage()));
        } finally {
            options.destroyPassword();
        }
    }

    static KeyStoreEngine wrap(KeyStoreConfig config, Kms kms) {
        String region = kms instanceof AwsKms aws ? aws.region()
                : config.kms().equals("aws") ? config.aws().region() : config.localRegion();
        return wrap(config, kms, region);
    }

    private static KeyStoreEngine wrap(KeyStoreConfig config, Kms kms, String region) {
        DataKeyCache cache = null;
        if (config.cache().enabled()) {
            cache = DataKeyCache.builder()
                    .maxAge(config.cache().maxAge())
                    .maxMessagesPerKey(config.cache().maxMessages())
                    .maxBytesPerKey(config.cache().maxBytes())
                    .capacity(config.cache().capacity())
                    .build();
        }
        return new KeyStoreEngine(kms, cache, region);
    }

    /** CreateKey (and EnableKeyRotation when asked) for a generated handle. */
    static KeyMetadata create(KeyStoreEngine engine, KmsKeyGenParameterSpec spec) throws KmsException {
        KeyMetadata m = engine.kms().createKey(new CreateKeyRequest(spec.keySpec(), spec.description(), spec.multiRegion()));
        if (spec.rotationPeriodDays() > 0) {
            engine.kms().enableKeyRotation(m.arn(), spec.rotationPeriodDays());
        }
        return m;
    }
}
