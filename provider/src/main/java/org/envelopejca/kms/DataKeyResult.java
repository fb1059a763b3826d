package org.envelopejca.kms;

import java.util.Arrays;

/**
 * GenerateDataKey's answer. The caller owns {@link #plaintext()} and must zero it after use.
 *
 * @param keyArn         ARN of the key that encrypted the data key
 * @param plaintext      the data key (not a copy)
 * @param ciphertextBlob the data key encrypted under the key
 */
public record DataKeyResult(String keyArn, byte[] plaintext, byte[] ciphertextBlob) {
    public void destroy() {
        Arrays.fill(plaintext, (byte) 0);
    }

    @Override
    public String toString() {
        return "DataKeyResult[keyArn=" + keyArn + ", plaintext=" + plaintext.length + " bytes, ciphertextBlob="
                + ciphertextBlob.length + " bytes]";
    }
}
