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
 * @param keySpec               symmetric, RSA or ECC
 * @param keyState              Enabled, Disabled or PendingDeletion
 * @param deletionDate          when a pending deletion completes, else null
 * @param encryptionAlgorithms  algorithms the key encrypts with (empty for a signing key)
 * @param multiRegion           whether this is a multi-Region key
 * @param keyUsage              ENCRYPT_DECRYPT or SIGN_VERIFY; null when unknown (a ListKeys entry)
 * @param signingAlgorithms     algorithms the key signs with (empty for an encryption key)
 */
public record KeyMetadata(String keyId, String arn, Instant creationDate, String description, KeySpec keySpec,
                          KeyState keyState, Instant deletionDate, List<EncryptionAlgorithm> encryptionAlgorithms,
                          boolean multiRegion, KeyUsage keyUsage, List<SigningAlgorithm> signingAlgorithms) {
    public KeyMetadata {
        encryptionAlgorithms = List.copyOf(encryptionAlgorithms);
        signingAlgorithms = List.copyOf(signingAlgorithms);
    }

    /** An encryption key's metadata (KeyUsage ENCRYPT_DECRYPT when the spec is known). */
    public KeyMetadata(String keyId, String arn, Instant creationDate, String description, KeySpec keySpec,
                       KeyState keyState, Instant deletionDate, List<EncryptionAlgorithm> encryptionAlgorithms,
                       boolean multiRegion) {
        this(keyId, arn, creationDate, description, keySpec, keyState, deletionDate, encryptionAlgorithms, multiRegion,
                keySpec == null ? null : KeyUsage.ENCRYPT_DECRYPT, List.of());
    }

    public boolean enabled() {
        return keyState == KeyState.ENABLED;
    }
}
