package org.envelopejca.keyring.kms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.envelopejca.kms.DecryptResult;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsException;

/**
 * One keyring's attempts to have KMS decrypt encrypted data keys: each attempt is one Decrypt call whose answer is
 * checked; failures are collected so that, when nothing opens, the error names every key tried and every KMS error
 * code (spec: aws-kms-mrk-keyring.md, OnDecrypt: errors are collected and all reported).
 */
final class DecryptAttempts {
    private final Kms kms;
    private final List<String> keysTried = new ArrayList<>();
    private final List<KmsException> kmsErrors = new ArrayList<>();
    private final List<String> checkFailures = new ArrayList<>();

    DecryptAttempts(Kms kms) {
        this.kms = kms;
    }

    /**
     * Calls Decrypt with {@code keyId}; returns the plaintext when KMS answered with exactly {@code keyId} as the key
     * ARN and {@code expectedLength} bytes (the caller owns the array), else null with the failure recorded.
     */
    byte[] attempt(byte[] ciphertext, String keyId, Map<String, String> context, EncryptionAlgorithm algorithm,
                   int expectedLength) {
        keysTried.add(keyId);
        DecryptResult result;
        try {
            result = kms.decrypt(ciphertext, keyId, context, algorithm);
        } catch (KmsException e) {
            kmsErrors.add(e);
            return null;
        }
        byte[] plaintext = result.plaintext();
        // Spec: the response KeyId must equal the requested key: an answer from another key is not trusted.
        if (!keyId.equals(result.keyArn())) {
            destroy(plaintext);
            checkFailures.add("KMS answered for " + keyId + " with another key, " + result.keyArn());
            return null;
        }
        if (plaintext == null || plaintext.length != expectedLength) {
            destroy(plaintext);
            checkFailures.add("KMS returned a data key of the wrong length for " + keyId);
            return null;
        }
        return plaintext;
    }

    /** Records a failure found before any call (e.g. a check of the decrypted bytes). */
    void fail(String description) {
        checkFailures.add(description);
    }

    boolean anyAttempted() {
        return !keysTried.isEmpty();
    }

    KmsKeyringException failure(String what) {
        String message = what + ": no encrypted data key opened; keys tried " + keysTried
                + (checkFailures.isEmpty() ? "" : "; " + String.join("; ", checkFailures));
        return new KmsKeyringException(message, kmsErrors);
    }

    private static void destroy(byte[] plaintext) {
        if (plaintext != null) {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
