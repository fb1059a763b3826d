package org.envelopejca.keyring.kms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.envelopejca.keyring.DataKey;
import org.envelopejca.keyring.DecryptionMaterials;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.keyring.KeyringException;
import org.envelopejca.kms.DecryptResult;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.UntrustedText;

/**
 * One keyring's attempts to have KMS decrypt encrypted data keys: each attempt is one Decrypt call whose answer is
 * checked; failures are collected so that, when nothing opens, the error names every key tried and every KMS error
 * code (spec: aws-kms-mrk-keyring.md, OnDecrypt: errors are collected and all reported).
 */
final class DecryptAttempts {
    /** Keys and failures named in the error message; the rest are counted. */
    static final int SHOWN = 10;

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
            checkFailures.add("KMS answered for " + UntrustedText.quote(keyId) + " with another key, "
                    + UntrustedText.quote(result.keyArn()));
            return null;
        }
        if (plaintext == null || plaintext.length != expectedLength) {
            destroy(plaintext);
            checkFailures.add("KMS returned a data key of the wrong length for " + UntrustedText.quote(keyId));
            return null;
        }
        return plaintext;
    }

    /** Records a failure found before any call (e.g. a check of the decrypted bytes). */
    void fail(String description) {
        checkFailures.add(description);
    }

    /**
     * The loop both AWS KMS keyrings share (spec: aws-kms-mrk-keyring.md and aws-kms-discovery-keyring.md,
     * OnDecrypt): for each {@code aws-kms} EDK, in order, whose provider info is a key ARN (anything else fails the
     * operation) and for which {@code keyIdFor} names the key to call Decrypt with, one attempt; the first data key
     * that opens wins. When none opens after at least one call, the collected failures are thrown.
     */
    static DecryptionMaterials openFirst(Kms kms, DecryptionMaterials materials, List<EncryptedDataKey> edks,
                                         Function<KmsArn, Optional<String>> keyIdFor, String what) throws KeyringException {
        if (materials.dataKey() != null) {
            return materials;
        }
        DecryptAttempts attempts = new DecryptAttempts(kms);
        for (EncryptedDataKey edk : edks) {
            if (!edk.providerId().equals(KmsKeyring.PROVIDER_ID)) {
                continue;
            }
            Optional<KmsArn> stored = KmsArn.parseKeyArn(edk.providerInfoText());
            if (stored.isEmpty()) {
                throw new KeyringException("an aws-kms encrypted data key does not name a valid key ARN");
            }
            Optional<String> keyId = keyIdFor.apply(stored.get());
            if (keyId.isEmpty()) {
                continue;
            }
            byte[] plaintext = attempts.attempt(edk.ciphertext(), keyId.get(), materials.encryptionContext(),
                    EncryptionAlgorithm.SYMMETRIC_DEFAULT, materials.dataKeyLength());
            if (plaintext != null) {
                return materials.withDataKey(new DataKey(plaintext));
            }
        }
        if (attempts.anyAttempted()) {
            throw attempts.failure(what);
        }
        return materials;
    }

    boolean anyAttempted() {
        return !keysTried.isEmpty();
    }

    KmsKeyringException failure(String what) {
        // Key IDs come from the message's EDKs (up to 65 535 of them): quoted, and only the first few shown.
        String message = what + ": no encrypted data key opened; keys tried " + UntrustedText.quoteAll(keysTried, SHOWN)
                + (checkFailures.isEmpty() ? "" : "; " + String.join("; ", checkFailures.subList(0, Math.min(SHOWN, checkFailures.size())))
                + (checkFailures.size() > SHOWN ? "; ... " + (checkFailures.size() - SHOWN) + " more" : ""));
        return new KmsKeyringException(message, kmsErrors);
    }

    private static void destroy(byte[] plaintext) {
        if (plaintext != null) {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
