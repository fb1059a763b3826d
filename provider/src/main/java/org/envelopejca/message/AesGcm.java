package org.envelopejca.message;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * One AES-GCM instance, re-initialised per frame: the backend's (ACCP's, or the intrinsics-backed provider found
 * through normal JCA order).
 */
final class AesGcm {
    private static final byte[] EMPTY = new byte[0];

    private final Cipher cipher;

    AesGcm(CryptoBackend backend) {
        try {
            cipher = backend.cipher("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available", e);
        }
    }

    /** Encrypts {@code len} bytes and writes ciphertext and tag; returns the bytes written. */
    int seal(AesKey key, byte[] iv, byte[] aad, int aadLen, byte[] in, int inOff, int len, byte[] out, int outOff) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(AlgorithmSuite.TAG_LENGTH * 8, iv));
            cipher.updateAAD(aad, 0, aadLen);
            return cipher.doFinal(in, inOff, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Computes a tag over no content and the AAD {@code aad1[0, aad1Len) || aad2}; writes it at {@code out[outOff]}. */
    void sealTag(AesKey key, byte[] iv, byte[] aad1, int aad1Len, byte[] aad2, byte[] out, int outOff) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(AlgorithmSuite.TAG_LENGTH * 8, iv));
            cipher.updateAAD(aad1, 0, aad1Len);
            if (aad2.length > 0) {
                cipher.updateAAD(aad2);
            }
            cipher.doFinal(EMPTY, 0, 0, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Verifies a tag over no content and the AAD {@code aad1 || aad2}. */
    void openTag(AesKey key, byte[] iv, byte[] aad1, byte[] aad2, byte[] tag) throws MessageAuthenticationException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(AlgorithmSuite.TAG_LENGTH * 8, iv));
            cipher.updateAAD(aad1);
            if (aad2.length > 0) {
                cipher.updateAAD(aad2);
            }
            cipher.doFinal(tag, 0, tag.length, EMPTY, 0);
        } catch (AEADBadTagException e) {
            throw new MessageAuthenticationException("authentication tag does not verify");
        } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("AES-GCM cannot be initialised: " + e.getClass().getSimpleName(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Verifies the tag at the end of {@code in} and decrypts; returns the plaintext bytes written. */
    int open(AesKey key, byte[] iv, int ivOff, byte[] aad, int aadLen, byte[] in, int inOff, int lenWithTag,
             byte[] out, int outOff) throws MessageAuthenticationException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(AlgorithmSuite.TAG_LENGTH * 8, iv, ivOff,
                    AlgorithmSuite.IV_LENGTH));
            cipher.updateAAD(aad, 0, aadLen);
            return cipher.doFinal(in, inOff, lenWithTag, out, outOff);
        } catch (AEADBadTagException e) {
            // The JDK writes nothing on a tag failure; other providers in the JCA order might: never leave
            // unverified plaintext behind.
            java.util.Arrays.fill(out, outOff, Math.min(out.length, outOff + Math.max(0, lenWithTag - AlgorithmSuite.TAG_LENGTH)), (byte) 0);
            throw new MessageAuthenticationException("authentication tag does not verify");
        } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("AES-GCM cannot be initialised: " + e.getClass().getSimpleName(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed: " + e.getClass().getSimpleName(), e);
        }
    }
}
