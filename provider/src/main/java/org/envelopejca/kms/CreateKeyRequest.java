package org.envelopejca.kms;

import java.util.Objects;

/**
 * CreateKey's input.
 *
 * @param keySpec                        symmetric, RSA or ECC
 * @param description                    free text, may be empty
 * @param multiRegion                    whether to create a multi-Region key ({@code mrk-} key ID)
 * @param keyUsage                       ENCRYPT_DECRYPT or SIGN_VERIFY, fixed for the key's life; the engine refuses
 *                                       a usage the spec does not allow (see {@link KeySpec#usages()}) with
 *                                       ValidationException
 * @param policy                         the key policy, or null for KMS's default key policy
 * @param bypassPolicyLockoutSafetyCheck skip the check that the policy lets the caller put a policy again
 */
public record CreateKeyRequest(KeySpec keySpec, String description, boolean multiRegion, KeyUsage keyUsage,
                               String policy, boolean bypassPolicyLockoutSafetyCheck) {

    public CreateKeyRequest {
        Objects.requireNonNull(keySpec, "keySpec");
        Objects.requireNonNull(keyUsage, "keyUsage");
        description = description == null ? "" : description;
    }

    /** An encryption key (KeyUsage ENCRYPT_DECRYPT) with the default key policy. */
    public CreateKeyRequest(KeySpec keySpec, String description, boolean multiRegion) {
        this(keySpec, description, multiRegion, KeyUsage.ENCRYPT_DECRYPT);
    }

    /** A key of the usage given, with the default key policy. */
    public CreateKeyRequest(KeySpec keySpec, String description, boolean multiRegion, KeyUsage keyUsage) {
        this(keySpec, description, multiRegion, keyUsage, null, false);
    }

    public static CreateKeyRequest symmetric(String description) {
        return new CreateKeyRequest(KeySpec.SYMMETRIC_DEFAULT, description, false);
    }

    /** A signing key (KeyUsage SIGN_VERIFY) of an RSA or ECC spec. */
    public static CreateKeyRequest signing(KeySpec keySpec, String description) {
        return new CreateKeyRequest(keySpec, description, false, KeyUsage.SIGN_VERIFY);
    }

    /** This request with a key policy. */
    public CreateKeyRequest withPolicy(String policy, boolean bypassPolicyLockoutSafetyCheck) {
        return new CreateKeyRequest(keySpec, description, multiRegion, keyUsage, policy, bypassPolicyLockoutSafetyCheck);
    }

    @Override
    public String toString() {
        return "CreateKeyRequest[keySpec=" + keySpec + ", keyUsage=" + keyUsage + ", multiRegion=" + multiRegion
                + ", policy=" + (policy == null ? "default" : policy.length() + " chars") + "]";
    }
}
