package org.envelopejca.kms.local;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One AES-GCM Cipher, one SHA-256 digest and one HMAC-SHA256 Mac per thread, for the engine's per-call work (sealing, blobs, audit
 * hashes): the JCA lookup behind {@code getInstance} costs more than the few hundred bytes each call processes.
 * Every use begins with {@code init} (or is a whole {@code digest}), so nothing carries over between calls; GCM's
 * refusal to encrypt twice under one key and IV still holds, and every encryption here draws a fresh random IV.
 */
final class ThreadCrypto {
    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    });
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    });

    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    });

    private ThreadCrypto() {
    }

    /** This thread's AES/GCM/NoPadding Cipher; the caller initializes it. */
    static Cipher aesGcm() {
        return AES_GCM.get();
    }

    /** This thread's HmacSHA256 Mac; the caller initializes it with its key. */
    static Mac hmacSha256() {
        return HMAC_SHA256.get();
    }

    /** This thread's SHA-256 digest, reset. */
    static MessageDigest sha256() {
        MessageDigest sha = SHA256.get();
        sha.reset();
        return sha;
    }
}
