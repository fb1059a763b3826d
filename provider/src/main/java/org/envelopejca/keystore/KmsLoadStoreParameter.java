package org.envelopejca.keystore;

import java.security.KeyStore;
import java.util.Objects;
import org.envelopejca.kms.Kms;

/**
 * {@code KeyStore.load(LoadStoreParameter)} for code: a configuration, and optionally an engine built by the
 * application (any {@link Kms}; then the configuration's {@code kms} and engine properties are not used).
 */
public final class KmsLoadStoreParameter implements KeyStore.LoadStoreParameter {
    private final KeyStoreConfig config;
    private final Kms kms;
    private final char[] password;

    private KmsLoadStoreParameter(KeyStoreConfig config, Kms kms, char[] password) {
        this.config = Objects.requireNonNull(config, "config");
        this.kms = kms;
        this.password = password == null ? null : password.clone();
    }

    /** The engine the configuration names; {@code password} unlocks the embedded KMS (null: its root-key file). */
    public static KmsLoadStoreParameter of(KeyStoreConfig config, char[] password) {
        return new KmsLoadStoreParameter(config, null, password);
    }

    /** An engine the application built. */
    public static KmsLoadStoreParameter of(KeyStoreConfig config, Kms kms) {
        return new KmsLoadStoreParameter(config, Objects.requireNonNull(kms, "kms"), null);
    }

    public KeyStoreConfig config() {
        return config;
    }

    /** The application's engine, or null. */
    public Kms kms() {
        return kms;
    }

    char[] password() {
        return password == null ? null : password.clone();
    }

    @Override
    public KeyStore.ProtectionParameter getProtectionParameter() {
        return password == null ? null : new KeyStore.PasswordProtection(password.clone());
    }
}
