package org.envelopejca.keystore;

import java.security.spec.AlgorithmParameterSpec;
import java.util.Objects;
import org.envelopejca.kms.KeySpec;

/**
 * Parameters of {@code KeyGenerator.getInstance("KMS")}: what KMS key to create.
 *
 * @param keySpec            SYMMETRIC_DEFAULT (default) or RSA_2048/3072/4096
 * @param description        free text
 * @param rotationPeriodDays automatic rotation period (90..2560) for symmetric keys, or 0 for none
 * @param multiRegion        whether to create a multi-Region key
 */
public record KmsKeyGenParameterSpec(KeySpec keySpec, String description, int rotationPeriodDays, boolean multiRegion)
        implements AlgorithmParameterSpec {
    public KmsKeyGenParameterSpec {
        Objects.requireNonNull(keySpec, "keySpec");
        description = description == null ? "" : description;
        if (rotationPeriodDays != 0 && (rotationPeriodDays < 90 || rotationPeriodDays > 2560)) {
            throw new IllegalArgumentException("rotation period must be 0 (none) or 90..2560 days");
        }
        if (rotationPeriodDays != 0 && !keySpec.isSymmetric()) {
            throw new IllegalArgumentException("only symmetric keys rotate");
        }
    }

    /** A symmetric key with yearly automatic rotation. */
    public static KmsKeyGenParameterSpec defaults() {
        return new KmsKeyGenParameterSpec(KeySpec.SYMMETRIC_DEFAULT, "", 365, false);
    }
}
