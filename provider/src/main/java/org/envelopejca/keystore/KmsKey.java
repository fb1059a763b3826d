package org.envelopejca.keystore;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.security.auth.Destroyable;
import org.envelopejca.kms.KeySpec;

/**
 * A handle on one or more KMS keys (CMKs): what {@code KeyStore.getKey} returns and {@code Cipher.init} takes. It
 * holds no key material: {@link #getEncoded()} is null. Encryption with it asks KMS for a data key under the first
 * key and wraps that data key under each further key; decryption asks KMS to unwrap with any of them.
 *
 * <p>A handle made by {@code KeyGenerator.getInstance("KMS")} without a KeyStore is <em>pending</em>: the key is
 * created when the handle is stored with {@code KeyStore.setKeyEntry} (this is how keytool creates keys).
 */
public final class KmsKey implements SecretKey, Destroyable {
    private static final long serialVersionUID = 1L;
    public static final String ALGORITHM = "KMS";

    private final String name;
    private final List<String> keyArns;
    private final KeySpec keySpec;
    private final transient KmsKeyGenParameterSpec pendingSpec;
    private transient volatile KeyStoreEngine engine;
    private volatile boolean destroyed;

    KmsKey(String name, List<String> keyArns, KeySpec keySpec, KeyStoreEngine engine) {
        this.name = Objects.requireNonNull(name, "name");
        this.keyArns = List.copyOf(keyArns);
        if (this.keyArns.isEmpty()) {
            throw new IllegalArgumentException("a KMS key handle needs at least one key");
        }
        this.keySpec = keySpec;
        this.engine = Objects.requireNonNull(engine, "engine");
        this.pendingSpec = null;
    }

    private KmsKey(KmsKeyGenParameterSpec pendingSpec) {
        this.name = "(pending)";
        this.keyArns = List.of();
        this.keySpec = pendingSpec.keySpec();
        this.engine = null;
        this.pendingSpec = pendingSpec;
    }

    static KmsKey pending(KmsKeyGenParameterSpec spec) {
        return new KmsKey(spec);
    }

    /** The alias or key reference this handle was obtained for. */
    public String name() {
        return name;
    }

    /** ARNs of the KMS keys; the first generates data keys. Empty for a pending handle. */
    public List<String> keyArns() {
        return keyArns;
    }

    /** The key spec when known (keys of static aliases on remote engines may not have been described). */
    public Optional<KeySpec> keySpec() {
        return Optional.ofNullable(keySpec);
    }

    /** Whether the key is yet to be created (generated without a KeyStore, not stored yet). */
    public boolean isPending() {
        return pendingSpec != null;
    }

    KmsKeyGenParameterSpec pendingSpec() {
        return pendingSpec;
    }

    /**
     * The engine and cache this handle reaches KMS through.
     *
     * @throws IllegalStateException when the handle is pending or destroyed
     */
    public KeyStoreEngine engine() {
        KeyStoreEngine e = engine;
        if (destroyed || e == null) {
            throw new IllegalStateException(destroyed ? "KMS key handle destroyed" : "KMS key handle not bound to a KeyStore");
        }
        return e;
    }

    @Override
    public String getAlgorithm() {
        return ALGORITHM;
    }

    /** Null: a KMS key has no encoding outside KMS. */
    @Override
    public String getFormat() {
        return null;
    }

    /** Null: the key material never leaves KMS. */
    @Override
    public byte[] getEncoded() {
        return null;
    }

    /** Drops the handle's link to its engine; the KMS key itself is untouched. */
    @Override
    public void destroy() {
        destroyed = true;
        engine = null;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KmsKey k && k.keyArns.equals(keyArns) && k.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, keyArns);
    }

    @Override
    public String toString() {
        return "KmsKey[" + name + (isPending() ? "" : " -> " + keyArns) + (keySpec == null ? "" : ", " + keySpec)
                + (destroyed ? ", destroyed" : "") + "]";
    }
}
