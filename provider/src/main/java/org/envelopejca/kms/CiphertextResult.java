package org.envelopejca.kms;

/**
 * Encrypt's and ReEncrypt's answer.
 *
 * @param keyArn         ARN of the key that encrypted
 * @param ciphertextBlob the ciphertext
 * @param sourceKeyArn   for ReEncrypt, the key that decrypted the source; else null
 */
public record CiphertextResult(String keyArn, byte[] ciphertextBlob, String sourceKeyArn) {
}
