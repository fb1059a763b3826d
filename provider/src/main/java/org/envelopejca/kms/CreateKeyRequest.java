package org.envelopejca.kms;

import java.util.Objects;

/**
 * CreateKey's input (KeyUsage is always ENCRYPT_DECRYPT here).
 *
 * @param keySpec                        symmetric or RSA size
 * @param description                    free text, may be empty
 * @param multiRegion                    whether to create a multi-Region key ({@code mrk-} key ID)
 * @param policy                         the key policy, or null for KMS's default key policy
 * @param bypassPolicyLockoutSafetyCheck skip the check that the policy lets the caller put a policy again
 */
public record CreateKeyRequest(KeySpec keySpec, String description, boolean multiRegion, String policy,
                               boolean bypassPolicyLockoutSafetyCheck) {
    public CreateKeyRequest {
        Objects.requireNonNull(keySpec, "keySpec");
        description = description == null ? "" : description;
    }

    /** A key with the default key policy. */
    public CreateKeyRequest(KeySpec keySpec, String description, boolean multiRegion) {
        this(keySpec, description, multiRegion, null, false);
    }

    public static CreateKeyRequest symmetric(String description) {
        return new CreateKeyRequest(KeySpec.SYMMETRIC_DEFAULT, description, false);
    }

    /** This request with a key policy. */
    public CreateKeyRequest withPolicy(String policy, boolean bypassPolicyLockoutSafetyCheck) {
        return new CreateKeyRequest(keySpec, description, multiRegion, policy, bypassPolicyLockoutSafetyCheck);
    }

    @Override
    public String toString() {
        return "CreateKeyRequest[keySpec=" + keySpec + ", multiRegion=" + multiRegion + ", policy="
                + (policy == null ? "default" : policy.length() + " chars") + "]";
    }
}
