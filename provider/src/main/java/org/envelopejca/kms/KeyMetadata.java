package org.envelopejca.kms;

import java.time.Instant;
import java.util.List;

/**
 * What DescribeKey tells of a key (the AWS KMS KeyMetadata members this provider uses).
 *
 * @param keyId                 the key ID (UUID, or {@code mrk-…} for multi-Region keys)
 * @param arn                   the key ARN
 * @param creationDate          when the key was created
 * @param description           free text
 * @param keySpec               symmetric or RSA size
 * @param keyState              Enabled, Disabled or PendingDeletion
 * @param deletionDate          when a pending deletion completes, else null
 * @param encryptionAlgorithms  algorithms the key supports
 * @param multiRegion           whether this is a multi-Region key
 */
public record KeyMetadata(String keyId, String arn, Instant creationDate, String description, KeySpec keySpec,
                          KeyState keyState, Instant deletionDate, List<EncryptionAlgorithm> encryptionAlgorithms,
                          boolean multiRegion) {
    public KeyMetadata {
        encryptionAlgorithms = List.copyOf(encryptionAlgorithms);
    }

    public boolean enabled() {
        return keyState == KeyState.ENABLED;
    }
}
