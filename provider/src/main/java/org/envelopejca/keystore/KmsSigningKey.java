package org.envelopejca.keystore;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.PublicKeyResult;
import org.envelopejca.kms.SigningAlgorithm;

/**
 * A handle on a KMS signing key (KeyUsage SIGN_VERIFY): the private key of a KeyStore {@code PrivateKeyEntry},
 * which Envelope's {@code Signature} services take (their {@code SupportedKeyClasses} name this class, so JCA sends
 * these handles to Envelope and every other key to the JDK). It holds the public key KMS gave, never private key
 * material: {@link #getEncoded()} and {@link #getFormat()} are null. The subclasses implement the standard
 * {@link java.security.interfaces.RSAKey} / {@link java.security.interfaces.ECKey} that TLS stacks and keytool query.
 */
public abstract sealed class KmsSigningKey implements PrivateKey, Destroyable permits KmsRsaSigningKey, KmsEcSigningKey {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String keyArn;
    private final KeySpec keySpec;
    private final PublicKey publicKey;
    private transient volatile KeyStoreEngine engine;
    private volatile boolean destroyed;

    KmsSigningKey(String name, String keyArn, KeySpec keySpec, PublicKey publicKey, KeyStoreEngine engine) {
        this.name = Objects.requireNonNull(name, "name");
        this.keyArn = Objects.requireNonNull(keyArn, "keyArn");
        this.keySpec = Objects.requireNonNull(keySpec, "keySpec");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * The handle of the key GetPublicKey described.
     *
     * @throws IllegalArgumentException when the key is not a signing key of a spec this provider knows
     */
    static KmsSigningKey of(String name, PublicKeyResult pub, KeyStoreEngine engine) {
        KeySpec spec = pub.keySpec();
        if (spec == null || spec.isSymmetric() || pub.signingAlgorithms().isEmpty()) {
            throw new IllegalArgumentException("not a signing key of a known spec: " + pub.keyArn());
        }
        PublicKey publicKey;
        try {
            publicKey = KeyFactory.getInstance(spec.isEcc() ? "EC" : "RSA")
                    .generatePublic(new X509EncodedKeySpec(pub.publicKey()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("KMS gave an unreadable public key for " + pub.keyArn(), e);
        }
        return spec.isEcc() ? new KmsEcSigningKey(name, pub.keyArn(), spec, publicKey, engine)
                : new KmsRsaSigningKey(name, pub.keyArn(), spec, publicKey, engine);
    }

    /** The alias or key reference this handle was obtained for. */
    public String name() {
        return name;
    }

    public String keyArn() {
        return keyArn;
    }

    public KeySpec keySpec() {
        return keySpec;
    }

    /** The algorithms KMS signs with for this key's spec. */
    public java.util.List<SigningAlgorithm> signingAlgorithms() {
        return SigningAlgorithm.forKeySpec(keySpec);
    }

    /** The public half, as KMS's GetPublicKey gave it. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * The engine this handle signs through.
     *
     * @throws IllegalStateException when the handle is destroyed, or not bound to a KeyStore (a deserialized one)
     */
    public KeyStoreEngine engine() {
        KeyStoreEngine e = engine;
        if (destroyed || e == null) {
            throw new IllegalStateException(destroyed ? "KMS signing key handle destroyed"
                    : "KMS signing key handle not bound to a KeyStore");
        }
        return e;
    }

    /** Null: a KMS key has no encoding outside KMS. */
    @Override
    public String getFormat() {
        return null;
    }

    /** Null: the private key never leaves KMS. */
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
        return o instanceof KmsSigningKey k && k.keyArn.equals(keyArn) && k.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, keyArn);
    }

    @Override
    public String toString() {
        return "KmsSigningKey[" + name + " -> " + keyArn + ", " + keySpec + (destroyed ? ", destroyed" : "") + "]";
    }
}
