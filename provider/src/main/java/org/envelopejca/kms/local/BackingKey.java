package org.envelopejca.kms.local;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a key's material, sealed under the root key (AES-256-GCM, see {@link RootKeys#seal}). For a
 * symmetric key each rotation adds one; an RSA key has exactly one (its PKCS#8 private key).
 *
 * @param version        1, 2, … (the newest encrypts; all decrypt)
 * @param creationDate   when this material was made
 * @param origin         {@code CREATE}, {@code ON_DEMAND} or {@code AUTOMATIC} (KMS ListKeyRotations RotationType)
 * @param sealedMaterial IV, ciphertext and tag
 */
record BackingKey(int version, Instant creationDate, String origin, byte[] sealedMaterial) {
    BackingKey {
        Objects.requireNonNull(creationDate, "creationDate");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(sealedMaterial, "sealedMaterial");
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive");
        }
    }

    @Override
    public String toString() {
        return "BackingKey[version=" + version + ", creationDate=" + creationDate + ", origin=" + origin + "]";
    }
}
