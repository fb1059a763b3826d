package org.envelopejca.kms;

/**
 * Decrypt's answer. The caller owns {@link #plaintext()} and must zero it after use.
 *
 * @param keyArn    ARN of the key that decrypted
 * @param plaintext the plaintext (not a copy)
 * @param algorithm the algorithm used
 */
public record DecryptResult(String keyArn, byte[] plaintext, EncryptionAlgorithm algorithm) {
    @Override
    public String toString() {
        return "DecryptResult[keyArn=" + keyArn + ", plaintext=" + plaintext.length + " bytes, algorithm=" + algorithm + "]";
    }
}
