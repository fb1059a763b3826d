package org.envelopejca.kms.local;

import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.KeyUsage;
import org.envelopejca.kms.KeyState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A stored KMS key. Immutable; changes make a new record.
 *
 * @param keyId              UUID or {@code mrk-} + 32 hex
 * @param creationDate       when it was created
 * @param description        free text
 * @param keySpec            symmetric or RSA size
 * @param keyState           Enabled, Disabled or PendingDeletion
 * @param deletionDate       when a pending deletion completes, else null
 * @param multiRegion        whether it is a multi-Region key
 * @param rotationEnabled    automatic rotation on
 * @param rotationPeriodDays automatic rotation period (90..2560), 0 when never enabled
 * @param nextRotationDate   the next automatic rotation, else null
 * @param onDemandRotations  how many RotateKeyOnDemand calls succeeded
 * @param versions           backing key versions, oldest first
 * @param publicKey          asymmetric keys only: the X.509 SubjectPublicKeyInfo DER (public), else null
 * @param keyUsage           ENCRYPT_DECRYPT or SIGN_VERIFY, fixed at creation; absent in stores written before
 *                           signing keys existed, which held encryption keys only
 */
record KeyRecord(String keyId, Instant creationDate, String description, KeySpec keySpec, KeyState keyState,
                 Instant deletionDate, boolean multiRegion, boolean rotationEnabled, int rotationPeriodDays,
                 Instant nextRotationDate, int onDemandRotations, List<BackingKey> versions, byte[] publicKey,
                 KeyUsage keyUsage) {
    KeyRecord {
        keyUsage = keyUsage == null ? KeyUsage.ENCRYPT_DECRYPT : keyUsage;
        if (!keySpec.usages().contains(keyUsage)) {
            throw new IllegalArgumentException(keySpec + " keys cannot have usage " + keyUsage);
        }
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(creationDate, "creationDate");
        Objects.requireNonNull(keySpec, "keySpec");
        Objects.requireNonNull(keyState, "keyState");
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a key has at least one backing key");
        }
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).version() != i + 1) {
                throw new IllegalArgumentException("backing key versions must be 1, 2, … in order");
            }
        }
        if ((keyState == KeyState.PENDING_DELETION) != (deletionDate != null)) {
            throw new IllegalArgumentException("a deletion date goes with PendingDeletion, and only with it");
        }
        if (rotationEnabled && (nextRotationDate == null || rotationPeriodDays < LocalKms.MIN_ROTATION_DAYS
                || rotationPeriodDays > LocalKms.MAX_ROTATION_DAYS || !keySpec.isSymmetric())) {
            throw new IllegalArgumentException("automatic rotation needs a symmetric key, a period and a date");
        }
        if (onDemandRotations < 0 || onDemandRotations >= versions.size()) {
            throw new IllegalArgumentException("more on-demand rotations than versions");
        }
        if (keySpec.isSymmetric() == (publicKey != null)) {
            throw new IllegalArgumentException("asymmetric keys, and only they, have a public key");
        }
    }

    /** An encryption key's record (KeyUsage ENCRYPT_DECRYPT). */
    KeyRecord(String keyId, Instant creationDate, String description, KeySpec keySpec, KeyState keyState,
              Instant deletionDate, boolean multiRegion, boolean rotationEnabled, int rotationPeriodDays,
              Instant nextRotationDate, int onDemandRotations, List<BackingKey> versions, byte[] publicKey) {
        this(keyId, creationDate, description, keySpec, keyState, deletionDate, multiRegion, rotationEnabled,
                rotationPeriodDays, nextRotationDate, onDemandRotations, versions, publicKey, KeyUsage.ENCRYPT_DECRYPT);
    }

    BackingKey newest() {
        return versions.get(versions.size() - 1);
    }

    /** The version, or null when the key has no such version. */
    BackingKey version(long version) {
        return version >= 1 && version <= versions.size() ? versions.get((int) version - 1) : null;
    }

    KeyRecord withState(KeyState state, Instant deletion) {
        return new KeyRecord(keyId, creationDate, description, keySpec, state, deletion, multiRegion, rotationEnabled,
                rotationPeriodDays, nextRotationDate, onDemandRotations, versions, publicKey, keyUsage);
    }

    KeyRecord withRotation(boolean enabled, int periodDays, Instant next) {
        return new KeyRecord(keyId, creationDate, description, keySpec, keyState, deletionDate, multiRegion, enabled,
                periodDays, next, onDemandRotations, versions, publicKey, keyUsage);
    }

    /** A new newest version; {@code onDemand} counts it against the on-demand rotation limit. */
    KeyRecord withVersion(BackingKey added, boolean onDemand) {
        List<BackingKey> more = new ArrayList<>(versions);
        more.add(added);
        return new KeyRecord(keyId, creationDate, description, keySpec, keyState, deletionDate, multiRegion,
                rotationEnabled, rotationPeriodDays, nextRotationDate, onDemandRotations + (onDemand ? 1 : 0), more,
                publicKey, keyUsage);
    }

    @Override
    public String toString() {
        return "KeyRecord[keyId=" + keyId + ", keySpec=" + keySpec + ", keyUsage=" + keyUsage + ", keyState="
                + keyState + ", versions=" + versions.size() + "]";
    }
}
