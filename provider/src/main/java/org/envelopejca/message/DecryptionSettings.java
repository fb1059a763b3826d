package org.envelopejca.message;

import java.util.Map;
import java.util.Objects;

/**
 * What a reader accepts.
 *
 * @param commitmentPolicy      which suites may be read
 * @param maxEncryptedDataKeys  messages with more EDKs are refused while parsing
 * @param expectedContext       the "reproduced" encryption context: each entry must be stored in the message with
 *                              the same value, or, when not stored, is authenticated as required context
 */
public record DecryptionSettings(CommitmentPolicy commitmentPolicy, int maxEncryptedDataKeys,
                                 Map<String, String> expectedContext) {
    public DecryptionSettings {
        Objects.requireNonNull(commitmentPolicy, "commitmentPolicy");
        expectedContext = Map.copyOf(expectedContext);
        if (maxEncryptedDataKeys < 1 || maxEncryptedDataKeys > 0xFFFF) {
            throw new IllegalArgumentException("max encrypted data keys must be in 1..65535");
        }
    }
}
