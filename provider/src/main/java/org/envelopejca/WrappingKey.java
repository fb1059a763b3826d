package org.envelopejca;

import java.security.Key;
import java.util.Objects;
import org.envelopejca.keyring.RsaPadding;

/**
 * A key that wraps (or unwraps) the data key of a message, with the names the message records for it.
 * An AES {@code SecretKey} becomes an ESDK raw AES keyring, an RSA {@code PublicKey}/{@code PrivateKey} a raw RSA
 * keyring. The namespace and name are what the ESDK calls the key namespace (provider ID) and key name (key ID):
 * a reader must use the same pair as the writer.
 *
 * @param key       the AES or RSA key
 * @param namespace key namespace; must not start with {@code aws-kms}
 * @param name      key name
 * @param padding   RSA padding (ignored for AES keys)
 */
public record WrappingKey(Key key, String namespace, String name, RsaPadding padding) {

    /** Key namespace used when none is given. */
    public static final String DEFAULT_NAMESPACE = "envelope";
    /** Key name used when none is given. */
    public static final String DEFAULT_NAME = "default";
    /** RSA padding used when none is given. */
    public static final RsaPadding DEFAULT_RSA_PADDING = RsaPadding.OAEP_SHA256_MGF1;

    public WrappingKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(padding, "padding");
    }

    /** The key under the default namespace, name and padding. */
    public static WrappingKey of(Key key) {
        return new WrappingKey(key, DEFAULT_NAMESPACE, DEFAULT_NAME, DEFAULT_RSA_PADDING);
    }

    public static WrappingKey of(Key key, String namespace, String name) {
        return new WrappingKey(key, namespace, name, DEFAULT_RSA_PADDING);
    }

    @Override
    public String toString() {
        return "WrappingKey[" + key.getAlgorithm() + ", namespace=" + namespace + ", name=" + name
                + ", padding=" + padding + "]";
    }
}
