package org.envelopejca.cipher;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.SecretKey;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.WrappingKey;
import org.envelopejca.keyring.Keyring;
import org.envelopejca.keyring.MultiKeyring;
import org.envelopejca.keyring.RawAesKeyring;
import org.envelopejca.keyring.RawRsaKeyring;

/** Turns the JCA keys given to {@code init} into the keyring that wraps or unwraps data keys. */
final class Keyrings {
    private Keyrings() {
    }

    static Keyring forInit(boolean encrypt, Key key, EnvelopeParameterSpec spec, SecureRandom random)
            throws InvalidKeyException {
        Keyring primary = of(encrypt, new WrappingKey(key, spec.keyNamespace(), spec.keyName(), spec.rsaPadding()), random);
        if (spec.additionalKeys().isEmpty()) {
            return primary;
        }
        List<Keyring> children = new ArrayList<>();
        for (WrappingKey k : spec.additionalKeys()) {
            children.add(of(encrypt, k, random));
        }
        return new MultiKeyring(primary, children);
    }

    private static Keyring of(boolean encrypt, WrappingKey wk, SecureRandom random) throws InvalidKeyException {
        Key key = wk.key();
        try {
            if (key instanceof SecretKey && "AES".equalsIgnoreCase(key.getAlgorithm())) {
                byte[] encoded = key.getEncoded();
                int length = encoded == null ? 0 : encoded.length;
                if (encoded != null) {
                    java.util.Arrays.fill(encoded, (byte) 0);
                }
                if (length != 16 && length != 24 && length != 32) {
                    throw new InvalidKeyException("AES wrapping key must be 128, 192 or 256 bits and extractable");
                }
                return new RawAesKeyring((SecretKey) key, wk.namespace(), wk.name(), random);
            }
            if (key instanceof RSAPublicKey pub) {
                if (!encrypt) {
                    throw new InvalidKeyException("an RSA public key cannot decrypt: give the private key");
                }
                return new RawRsaKeyring(pub, null, wk.namespace(), wk.name(), wk.padding(), random);
            }
            if (key instanceof RSAPrivateKey priv) {
                if (encrypt) {
                    throw new InvalidKeyException("an RSA private key cannot encrypt: give the public key");
                }
                return new RawRsaKeyring(null, priv, wk.namespace(), wk.name(), wk.padding(), random);
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException(e.getMessage(), e);
        }
        throw new InvalidKeyException("unsupported key: " + (key == null ? "null" : key.getAlgorithm() + " "
                + key.getClass().getSimpleName()) + "; expected an AES SecretKey or an RSA public/private key");
    }
}
