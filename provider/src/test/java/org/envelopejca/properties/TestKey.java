package org.envelopejca.properties;

import java.security.Key;
import java.security.KeyPair;
import javax.crypto.SecretKey;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.keyring.RsaPadding;

/**
 * A key to give {@code Cipher.init}: an AES key (both ways) or an RSA pair (public to encrypt, private to decrypt)
 * with its padding. {@link #toString()} names the kind only, never key material.
 *
 * @param encryptionKey the key for ENCRYPT_MODE
 * @param decryptionKey the key for DECRYPT_MODE
 * @param padding       the RSA padding (ignored for AES)
 * @param description   what kind of key this is
 */
public record TestKey(Key encryptionKey, Key decryptionKey, RsaPadding padding, String description) {

    public static TestKey aes(SecretKey key) {
        return new TestKey(key, key, RsaPadding.OAEP_SHA256_MGF1, "AES-" + key.getEncoded().length * 8);
    }

    public static TestKey rsa(KeyPair pair, RsaPadding padding) {
        return new TestKey(pair.getPublic(), pair.getPrivate(), padding, "RSA-" + padding);
    }

    /** AES keys of every size and the RSA key with every padding. */
    public static Arbitrary<TestKey> any() {
        return Arbitraries.oneOf(
                EnvelopeArbitraries.aesKeys().map(TestKey::aes),
                Arbitraries.of(RsaPadding.class).map(padding -> rsa(RsaKeys.first(), padding)));
    }

    /** Sets this key's padding on a spec builder. */
    public EnvelopeParameterSpec.Builder applyTo(EnvelopeParameterSpec.Builder builder) {
        return builder.rsaPadding(padding);
    }

    @Override
    public String toString() {
        return description;
    }
}
