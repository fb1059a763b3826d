package org.envelopejca.cipher;

import java.security.InvalidAlgorithmParameterException;
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
import org.envelopejca.keyring.cache.CachingKeyring;
import org.envelopejca.keyring.kms.DiscoveryFilter;
import org.envelopejca.keyring.kms.KmsDiscoveryKeyring;
import org.envelopejca.keyring.kms.KmsKeyring;
import org.envelopejca.keyring.kms.KmsRsaKeyring;
import org.envelopejca.keystore.KeyStoreEngine;
import org.envelopejca.keystore.KmsKey;

/**
 * Turns the JCA keys given to {@code init} into the keyring that wraps or unwraps data keys. Internal to the provider:
 * public only for its own readers outside this package (the range decryptor).
 */
public final class Keyrings {
    private Keyrings() {
    }

    public static Keyring forInit(boolean encrypt, Key key, EnvelopeParameterSpec spec, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        Keyring primary = of(encrypt, new WrappingKey(key, spec.keyNamespace(), spec.keyName(), spec.rsaPadding()), spec, random);
        if (spec.additionalKeys().isEmpty()) {
            return primary;
        }
        List<Keyring> children = new ArrayList<>();
        for (WrappingKey k : spec.additionalKeys()) {
            children.add(of(encrypt, k, spec, random));
        }
        return new MultiKeyring(primary, children);
    }

    private static Keyring of(boolean encrypt, WrappingKey wk, EnvelopeParameterSpec spec, SecureRandom random)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        Key key = wk.key();
        if (key instanceof KmsKey kmsKey) {
            return ofKms(encrypt, kmsKey, spec);
        }
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
            // The key is fine; its namespace or name from the spec is not.
            throw new InvalidAlgorithmParameterException(e.getMessage(), e);
        }
        throw new InvalidKeyException("unsupported key: " + (key == null ? "null" : key.getAlgorithm() + " "
                + key.getClass().getSimpleName()) + "; expected a KMS key, an AES SecretKey or an RSA public/private key");
    }

    /**
     * A KMS key: the ESDK KMS keyring over its engine (strict: only its keys; or discovery on decrypt when the spec
     * asks), the KMS RSA keyring for an RSA key, behind its KeyStore's data-key cache unless the spec opts out.
     */
    private static Keyring ofKms(boolean encrypt, KmsKey key, EnvelopeParameterSpec spec) throws InvalidKeyException {
        if (key.isPending()) {
            throw new InvalidKeyException("KMS key not created yet: store it in a KMS KeyStore with setKeyEntry first");
        }
        KeyStoreEngine engine;
        try {
            engine = key.engine();
        } catch (IllegalStateException e) {
            throw new InvalidKeyException(e.getMessage(), e);
        }
        Keyring keyring;
        if (!encrypt && spec.discovery()) {
            DiscoveryFilter filter = spec.discoveryPartition() == null ? null
                    : new DiscoveryFilter(spec.discoveryPartition(), spec.discoveryAccounts());
            keyring = new KmsDiscoveryKeyring(engine.kms(), filter, engine.region());
        } else if (key.keySpec().map(s -> !s.isSymmetric()).orElse(false)) {
            if (key.keyArns().size() != 1) {
                throw new InvalidKeyException("an RSA KMS key handle names exactly one key");
            }
            keyring = new KmsRsaKeyring(engine.kms(), key.keyArns().get(0));
        } else {
            List<String> arns = key.keyArns();
            keyring = new KmsKeyring(engine.kms(), arns.get(0), arns.subList(1, arns.size()));
        }
        if (engine.cache() != null && spec.useCache()) {
            // One cache per KeyStore engine; within it, handles naming the same keys the same way share entries.
            String partition = (keyring instanceof KmsDiscoveryKeyring ? "discovery:" + spec.discoveryPartition() + ":"
                    + spec.discoveryAccounts() : "strict:") + keyring.keyDescriptions();
            keyring = new CachingKeyring(keyring, engine.cache(), partition);
        }
        return keyring;
    }
}
