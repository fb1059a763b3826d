package org.envelopejca.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.crypto.KeyGenerator;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.KmsOperationException;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.keystore.KmsKeyGenParameterSpec;
import org.envelopejca.keystore.KmsLoadStoreParameter;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.envelopejca.kms.local.PasswordPolicy;
import org.envelopejca.kms.local.StoreRollbackException;
import org.envelopejca.kms.local.WeakPasswordException;
import org.envelopejca.kms.local.WrongPasswordException;

/**
 * The KMS KeyStore a command works with, and the engine behind it. For the embedded KMS the command opens the
 * engine itself and hands it to the KeyStore ({@link KmsLoadStoreParameter}), so that key management (which the
 * KeyStore API does not cover: listing keys, rotation, key states) and the KeyStore's handles share one engine.
 */
final class KmsSession implements AutoCloseable {

    /** The embedded KMS's root header: its presence tells an existing store from a new one. */

    private final EnvelopeProvider provider;
    private final KeyStoreConfig config;
    private final KeyStore keyStore;
    private final LocalKms local;

    private KmsSession(EnvelopeProvider provider, KeyStoreConfig config, KeyStore keyStore, LocalKms local) {
        this.provider = provider;
        this.config = config;
        this.keyStore = keyStore;
        this.local = local;
    }

    /**
     * Loads the KeyStore that {@code options} name.
     *
     * @param env the environment (for {@link KmsOptions#PASSWORD_VARIABLE})
     * @param err where to say that a new embedded KMS was created
     */
    static KmsSession open(KmsOptions options, Map<String, String> env, PrintWriter err)
            throws UsageException, IOException, GeneralSecurityException {
        KeyStoreConfig config = config(options.keystore);
        EnvelopeProvider provider = new EnvelopeProvider();
        KeyStore keyStore = KeyStore.getInstance("KMS", provider);
        char[] password = password(options.passwordFile, env);
        try {
            if (!config.kms().equals("local")) {
                // another engine: the KeyStore builds it (or says why it cannot)
                try (InputStream in = Files.newInputStream(options.keystore)) {
                    keyStore.load(in, password);
                }
                return new KmsSession(provider, config, keyStore, null);
            }
            Path home = config.localPath();
            boolean fresh = !Files.exists(home.resolve(LocalKms.ROOT_HEADER));
            LocalKms local;
            try {
                local = LocalKms.open(home, localOptions(config)
                        .copies(config.localCopies().open(config.localRegion()))
                        .copiesRequired(config.localCopies().required())
                        .password(password)
                        .acceptRollback(options.acceptRollback)
                        .auditDelivery(config.localAuditDelivery())
                        .build());
            } catch (WrongPasswordException e) {
                throw wrongPassword(e);
            } catch (WeakPasswordException e) {
                throw new UsageException(e.getMessage() + " (see " + PasswordPolicy.class.getSimpleName()
                        + " in the README: at least " + PasswordPolicy.MIN_LENGTH + " characters, about "
                        + PasswordPolicy.MIN_BITS + " bits)", e);
            } catch (StoreRollbackException e) {
                throw rolledBack(e);
            } catch (IllegalArgumentException e) {
                throw new UsageException("KMS KeyStore configuration: " + e.getMessage(), e);
            }
            if (fresh) {
                err.println("envelope: created the embedded KMS in " + home + (password == null
                        ? " (its root key is the file root.key there, readable only by you)"
                        : " (its root key is derived from the password)"));
                err.flush();
            }
            try {
                keyStore.load(KmsLoadStoreParameter.of(config, local));
            } catch (IOException | RuntimeException e) {
                local.close();
                throw e;
            }
            return new KmsSession(provider, config, keyStore, local);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /**
     * The embedded KMS's options that every opening takes from the configuration. The rest is the caller's: the
     * session adds copies, audit delivery and rollback acceptance; a restore and the audit bucket check leave them
     * out, so that neither writes copies nor delivers to the bucket it reads. The password goes last, so that no
     * copy of it is left in a builder that a failing setting abandons.
     */
    static LocalKmsOptions.Builder localOptions(KeyStoreConfig config) {
        return LocalKmsOptions.builder()
                .region(config.localRegion())
                .account(config.localAccount())
                .auditSync(config.localAuditSync());
    }

    /** A wrong password is the user's to correct: the message says where the password comes from. */
    static UsageException wrongPassword(WrongPasswordException e) {
        return new UsageException(e.getMessage() + " (--password-file FILE or " + KmsOptions.PASSWORD_VARIABLE
                + " gives the password)", e);
    }

    /**
     * A store older than its audit log records: the KMS refuses to use it (exit code 4); the message says how to
     * accept a restore made on purpose.
     */
    static KmsOperationException rolledBack(StoreRollbackException e) {
        return new KmsOperationException(e.getMessage(), KmsErrorCode.INVALID_STATE, null, e);
    }

    static KeyStoreConfig config(Path file) throws UsageException, IOException {
        if (file == null) {
            return KeyStoreConfig.defaults();
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException("KMS KeyStore configuration not found: " + file);
        }
        Properties p = new Properties();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        try {
            return KeyStoreConfig.parse(p);
        } catch (IllegalArgumentException e) {
            throw new UsageException("KMS KeyStore configuration " + file + ": " + e.getMessage(), e);
        }
    }

    /** The password from the file's first line, else from the environment, else null. */
    static char[] password(Path file, Map<String, String> env) throws UsageException, IOException {
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new UsageException("password file not found: " + file);
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                    StandardCharsets.UTF_8))) {
                String line = in.readLine();
                if (line == null || line.isEmpty()) {
                    throw new UsageException("password file is empty: " + file);
                }
                return line.toCharArray();
            }
        }
        String value = env.get(KmsOptions.PASSWORD_VARIABLE);
        return value == null || value.isEmpty() ? null : value.toCharArray();
    }

    KeyStoreConfig config() {
        return config;
    }

    KeyStore keyStore() {
        return keyStore;
    }

    /** The provider whose services work on this KeyStore's keys (Signature over KMS signing keys). */
    EnvelopeProvider provider() {
        return provider;
    }

    /** Where the keys live, for messages: the embedded KMS's directory or the engine's name. */
    String where() {
        return local != null ? "the embedded KMS in " + config.localPath() : "KMS (" + config.kms() + ")";
    }

    /** The engine, for key management. */
    Kms kms() throws UsageException {
        if (local == null) {
            throw new UsageException("key management in the command needs the embedded KMS (kms=local); "
                    + "the configured engine is " + config.kms());
        }
        return local;
    }

    /** The embedded engine, or null. */
    LocalKms local() {
        return local;
    }

    /** The handle of a key the KeyStore knows, or null. */
    KmsKey findKey(String reference) throws UsageException, GeneralSecurityException {
        Key key = keyStore.getKey(KeyReference.normalize(reference), null);
        return key instanceof KmsKey k ? k : null;
    }

    /** The handle of a key the KeyStore knows. */
    KmsKey key(String reference) throws UsageException, GeneralSecurityException {
        KmsKey key = findKey(reference);
        if (key == null) {
            String name = KeyReference.normalize(reference);
            throw new UsageException("no KMS key " + name + " in " + where()
                    + (KeyReference.isAliasName(name) ? " (create it: envelope keys create --alias "
                    + name.substring(KeyReference.ALIAS_PREFIX.length()) + ")" : ""));
        }
        return key;
    }

    /**
     * The key ID to pass to the engine for a reference: a static alias of the configuration becomes its key's ARN
     * (the engine does not know it); everything else goes as it is.
     */
    String keyId(String reference) throws UsageException {
        String name = KeyReference.normalize(reference);
        List<String> arns = config.staticAliases().get(name);
        if (arns == null) {
            return name;
        }
        if (arns.size() != 1) {
            throw new UsageException(name + " names " + arns.size() + " keys in the configuration; name one of them: "
                    + String.join(", ", arns));
        }
        return arns.get(0);
    }

    boolean isStaticAlias(String normalizedAlias) {
        return config.staticAliases().containsKey(normalizedAlias);
    }

    /**
     * Creates a KMS key. With an alias, through the KeyStore (KeyGenerator "KMS", then {@code setKeyEntry}, which
     * creates the key and the alias); without one, through the engine.
     */
    KeyMetadata createKey(KmsKeyGenParameterSpec spec, String alias)
            throws UsageException, GeneralSecurityException, KmsException {
        if (alias == null) {
            KeyMetadata m = kms().createKey(new org.envelopejca.kms.CreateKeyRequest(spec.keySpec(), spec.description(),
                    spec.multiRegion()));
            if (spec.rotationPeriodDays() > 0) {
                kms().enableKeyRotation(m.arn(), spec.rotationPeriodDays());
            }
            return m;
        }
        KeyGenerator generator = KeyGenerator.getInstance(KmsKey.ALGORITHM, provider);
        generator.init(spec);
        keyStore.setKeyEntry(alias, generator.generateKey(), null, null);
        KmsKey created = key(alias);
        return kms().describeKey(created.keyArns().get(0));
    }

    @Override
    public void close() throws IOException {
        if (local != null) {
            local.close();
        }
    }
}
