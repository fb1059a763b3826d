package org.envelopejca.kms.local;

import org.envelopejca.kms.EncryptionAlgorithm;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Map;

/** The cryptography on key material: sealing it at rest, symmetric blobs, RSA OAEP. */
final class KeyMaterial {
    static final int SYMMETRIC_KEY_BYTES = 32;
    private static final byte[] MATERIAL_LABEL = "envelope-local-kms v1 key material".getBytes(StandardCharsets.US_ASCII);

    private KeyMaterial() {
    }

    /** The AAD that binds sealed material to its key ARN and version, so it cannot be moved to another key. */
    static byte[] materialAad(String keyArn, int version) {
        byte[] arn = keyArn.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(MATERIAL_LABEL.length + 4 + arn.length + 4)
                .put(MATERIAL_LABEL).putInt(arn.length).put(arn).putInt(version).array();
    }

    static BackingKey seal(RootKeys rootKeys, String keyArn, int version, java.time.Instant created, String origin,
                           byte[] material) {
        return new BackingKey(version, created, origin, rootKeys.seal(materialAad(keyArn, version), material));
    }

    /** The plaintext material of a version (the caller zeroes it). */
    static byte[] unseal(RootKeys rootKeys, String keyArn, BackingKey backing) throws AEADBadTagException {
        return rootKeys.open(materialAad(keyArn, backing.version()), backing.sealedMaterial());
    }

    /** AES-256-GCM of {@code plaintext} into this engine's blob format (see {@link SymmetricCiphertext}). */
    static byte[] encryptSymmetric(byte[] key, String keyId, String keyArn, int version, byte[] plaintext,
                                   Map<String, String> context) {
        byte[] iv = RootKeys.randomBytes(SymmetricCiphertext.IV_BYTES);
        SymmetricCiphertext header = new SymmetricCiphertext(keyId, version, iv, new byte[0]);
        try {
            Cipher cipher = ThreadCrypto.aesGcm();
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(SymmetricCiphertext.TAG_BYTES * 8, iv));
            cipher.updateAAD(header.aad(keyArn, context));
            byte[] sealed = cipher.doFinal(plaintext);
            return new SymmetricCiphertext(keyId, version, iv, sealed).toBytes();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    static byte[] decryptSymmetric(byte[] key, String keyArn, SymmetricCiphertext blob, Map<String, String> context)
            throws AEADBadTagException {
        try {
            Cipher cipher = ThreadCrypto.aesGcm();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(SymmetricCiphertext.TAG_BYTES * 8, blob.iv()));
            cipher.updateAAD(blob.aad(keyArn, context));
            return cipher.doFinal(blob.sealed());
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** KMS RSAES_OAEP_SHA_1 / RSAES_OAEP_SHA_256: OAEP with MGF1 over the same hash, empty label. */
    static OAEPParameterSpec oaep(EncryptionAlgorithm algorithm) {
        return switch (algorithm) {
            case RSAES_OAEP_SHA_1 -> new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
                    PSource.PSpecified.DEFAULT);
            case RSAES_OAEP_SHA_256 -> new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                    PSource.PSpecified.DEFAULT);
            case SYMMETRIC_DEFAULT -> throw new IllegalArgumentException("not an RSA algorithm");
        };
    }

    /** Largest OAEP plaintext: modulus bytes − 2·hash bytes − 2 (RFC 8017 section 7.1.1). */
    static int oaepLimit(int modulusBytes, EncryptionAlgorithm algorithm) {
        int hash = algorithm == EncryptionAlgorithm.RSAES_OAEP_SHA_1 ? 20 : 32;
        return modulusBytes - 2 * hash - 2;
    }

    static byte[] rsaEncrypt(byte[] publicKeyDer, EncryptionAlgorithm algorithm, byte[] plaintext) {
        try {
            PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyDer));
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.ENCRYPT_MODE, pub, oaep(algorithm));
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA OAEP encryption failed", e);
        }
    }

    /** RSA OAEP decryption with the PKCS#8 private key (zeroed here); throws on any padding failure. */
    static byte[] rsaDecrypt(byte[] pkcs8, EncryptionAlgorithm algorithm, byte[] ciphertext)
            throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        try {
            PrivateKey priv = KeyFactory.getInstance("RSA").generatePrivate(spec);
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.DECRYPT_MODE, priv, oaep(algorithm));
            return cipher.doFinal(ciphertext);
        } finally {
            // The spec and the JDK key object keep their own copies, which cannot be wiped; ours is.
            Arrays.fill(pkcs8, (byte) 0);
        }
    }
}
