package org.envelopejca.kms;

/**
 * KMS Sign/Verify MessageType: {@code RAW} messages (at most 4096 bytes) are hashed by KMS with the algorithm's
 * digest; a {@code DIGEST} is the hash itself, of exactly the algorithm's digest length.
 */
public enum MessageType {
    RAW, DIGEST
}
