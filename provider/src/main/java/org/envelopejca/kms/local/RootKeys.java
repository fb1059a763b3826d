package org.envelopejca.kms.local;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.HKDFParameters;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The keys derived from the store's root key. The root key (32 bytes, from Argon2id or from the root-key file) is
 * only used as HKDF-SHA256 input keying material (RFC 5869, expand only: the input is already uniform); three
 * independent sub-keys come out of it, each with its own label:
 * <ul>
 *   <li>the verifier key: HMAC over a fixed label, stored in the root header, tells a wrong password at once;</li>
 *   <li>the store MAC key: HMAC-SHA256 over the store file's state;</li>
 *   <li>the sealing key: AES-256-GCM over each key's material, with the key ARN and version as AAD;</li>
 *   <li>the audit key: HMAC-SHA256 of each audit line, chained (see {@link AuditLog}).</li>
 * </ul>
 */
final class RootKeys implements AutoCloseable {
    static final int ROOT_KEY_BYTES = 32;
    static final int SALT_BYTES = 16;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] VERIFIER_LABEL = ascii("envelope-local-kms v1 root key check");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] verifierKey;
    private final byte[] macKey;
    private final byte[] sealingKey;
    private final AuditKey auditKey;

    private RootKeys(byte[] rootKey) {
        this.verifierKey = expand(rootKey, "envelope-local-kms v1 verifier");
        this.macKey = expand(rootKey, "envelope-local-kms v1 store mac");
        this.sealingKey = expand(rootKey, "envelope-local-kms v1 key sealing");
        this.auditKey = new AuditKey(expand(rootKey, "envelope-local-kms v1 audit chain"));
    }

    /** Derives the sub-keys; zeroes {@code rootKey}. */
    static RootKeys fromRootKey(byte[] rootKey) {
        try {
            return new RootKeys(rootKey);
        } finally {
            Arrays.fill(rootKey, (byte) 0);
        }
    }

    /** Argon2id (RFC 9106, version 0x13) of the password (UTF-8) and salt into a 32-byte root key. */
    static byte[] argon2id(char[] password, byte[] salt, Argon2Settings settings) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(settings.memoryKiB())
                .withIterations(settings.iterations())
                .withParallelism(settings.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[ROOT_KEY_BYTES];
        generator.generateBytes(password, out);
        return out;
    }

    static byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        RANDOM.nextBytes(out);
        return out;
    }

    byte[] verifier() {
        return hmac(verifierKey, VERIFIER_LABEL);
    }

    boolean verifies(byte[] storedVerifier) {
        return MessageDigest.isEqual(verifier(), storedVerifier);
    }

    /** The key of the audit chain; zeroed with these keys. */
    AuditKey auditKey() {
        return auditKey;
    }

    byte[] storeMac(byte[] data) {
        return hmac(macKey, data);
    }

    /** AES-256-GCM under the sealing key: IV (12) ‖ ciphertext ‖ tag (16). */
    byte[] seal(byte[] aad, byte[] plaintext) {
        byte[] iv = randomBytes(IV_BYTES);
        try {
            Cipher cipher = ThreadCrypto.aesGcm();
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sealingKey, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad);
            byte[] out = new byte[IV_BYTES + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            cipher.doFinal(plaintext, 0, plaintext.length, out, IV_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** Opens what {@link #seal} made with the same AAD; a wrong AAD or any changed byte fails. */
    byte[] open(byte[] aad, byte[] sealed) throws AEADBadTagException {
        if (sealed.length < IV_BYTES + TAG_BITS / 8) {
            throw new AEADBadTagException("sealed material too short");
        }
        try {
            Cipher cipher = ThreadCrypto.aesGcm();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sealingKey, "AES"),
                    new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    @Override
    public void close() {
        Arrays.fill(verifierKey, (byte) 0);
        Arrays.fill(macKey, (byte) 0);
        Arrays.fill(sealingKey, (byte) 0);
        auditKey.close();
    }

    @Override
    public String toString() {
        return "RootKeys[…]";
    }

    private static byte[] expand(byte[] rootKey, String label) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(HKDFParameters.skipExtractParameters(rootKey, ascii(label)));
        byte[] out = new byte[32];
        hkdf.generateBytes(out, 0, out.length);
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
