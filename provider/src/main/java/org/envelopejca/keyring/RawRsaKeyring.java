package org.envelopejca.keyring;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The ESDK raw RSA keyring: wraps the data key with an RSA public key, unwraps with the private key. The encryption
 * context is not bound (the spec's choice). Spec: framework/raw-rsa-keyring.md.
 */
public final class RawRsaKeyring implements Keyring {
    private final PublicKey publicKey;
    private final PrivateKey privateKey;
    private final String namespace;
    private final byte[] name;
    private final RsaPadding padding;
    private final SecureRandom random;

    /** Either key may be null (encrypt-only or decrypt-only), not both. */
    public RawRsaKeyring(PublicKey publicKey, PrivateKey privateKey, String namespace, String name,
                         RsaPadding padding, SecureRandom random) {
        if (publicKey == null && privateKey == null) {
            throw new IllegalArgumentException("raw RSA keyring needs a public or a private key");
        }
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.namespace = RawKeyNames.checkNamespace(namespace);
        this.name = RawKeyNames.checkName(name).getBytes(StandardCharsets.UTF_8);
        this.padding = Objects.requireNonNull(padding, "padding");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public EncryptionMaterials onEncrypt(EncryptionMaterials materials) throws KeyringException {
        if (publicKey == null) {
            throw new KeyringException("raw RSA key " + description() + " has no public key to wrap with");
        }
        if (materials.dataKey() == null) {
            byte[] key = new byte[materials.dataKeyLength()];
            random.nextBytes(key);
            return materials.withDataKey(new DataKey(key), wrap(key));
        }
        return materials.withEncryptedDataKey(wrap(materials.dataKey().bytes()));
    }

    // Spec: raw-rsa-keyring.md, OnEncrypt: provider info = key name, ciphertext = RSA encryption of the data key.
    private EncryptedDataKey wrap(byte[] dataKey) throws KeyringException {
        try {
            Cipher rsa = Cipher.getInstance(padding.transformation());
            rsa.init(Cipher.ENCRYPT_MODE, publicKey, parameters(), random);
            return new EncryptedDataKey(namespace, name, rsa.doFinal(dataKey));
        } catch (InvalidKeyException e) {
            throw new KeyringException("raw RSA key " + description() + " cannot wrap: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new KeyringException("raw RSA key " + description() + " cannot wrap: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) throws KeyringException {
        if (materials.dataKey() != null || privateKey == null) {
            return materials;
        }
        for (EncryptedDataKey edk : edks) {
            if (!edk.providerId().equals(namespace) || !Arrays.equals(edk.providerInfo(), name)) {
                continue;
            }
            try {
                Cipher rsa = Cipher.getInstance(padding.transformation());
                rsa.init(Cipher.DECRYPT_MODE, privateKey, parameters());
                byte[] key = rsa.doFinal(edk.ciphertext());
                if (key.length == materials.dataKeyLength()) {
                    return materials.withDataKey(new DataKey(key));
                }
                Arrays.fill(key, (byte) 0);
            } catch (InvalidKeyException e) {
                throw new KeyringException("raw RSA key " + description() + " cannot unwrap: " + e.getMessage(), e);
            } catch (GeneralSecurityException e) {
                // Spec: a failed decryption of one EDK moves on to the next.
            }
        }
        return materials;
    }

    /** OAEP with MGF1 over the same hash and an empty label (spec: supported padding schemes). */
    private AlgorithmParameterSpec parameters() {
        if (padding.oaepHash() == null) {
            return null;
        }
        return new OAEPParameterSpec(padding.oaepHash(), "MGF1", new MGF1ParameterSpec(padding.oaepHash()),
                PSource.PSpecified.DEFAULT);
    }

    @Override
    public List<String> keyDescriptions() {
        return List.of(description());
    }

    private String description() {
        return "rsa:" + namespace + "/" + new String(name, StandardCharsets.UTF_8) + " (" + padding + ")";
    }

    @Override
    public String toString() {
        return "RawRsaKeyring[" + description() + "]";
    }
}
