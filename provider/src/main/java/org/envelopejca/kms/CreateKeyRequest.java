package org.envelopejca.kms;

import java.util.Objects;

/**
 * CreateKey's input (KeyUsage is always ENCRYPT_DECRYPT here).
 *
 * @param keySpec     symmetric or RSA size
 * @param description free text, may be empty
 * @param multiRegion whether to create a multi-Region key ({@code mrk-} key ID)
 */
public record CreateKeyRequest(KeySpec keySpec, String description, boolean multiRegion) {
    public CreateKeyRequest {
        Objects.requireNonNull(keySpec, "keySpec");
        description = description == null ? "" : description;
    }

    public static CreateKeyRequest symmetric(String description) {
        return new CreateKeyRequest(KeySpec.SYMMETRIC_DEFAULT, description, false);
    }
}
