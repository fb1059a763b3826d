package org.envelopejca.kms;

import java.util.Objects;

/**
 * CreateKey's input.
 *
 * @param keySpec     symmetric, RSA or ECC
 * @param description free text, may be empty
 * @param multiRegion whether to create a multi-Region key ({@code mrk-} key ID)
 * @param keyUsage    ENCRYPT_DECRYPT or SIGN_VERIFY, fixed for the key's life; the engine refuses a usage the
 *                    spec does not allow (see {@link KeySpec#usages()}) with ValidationException
 */
public record CreateKeyRequest(KeySpec keySpec, String description, boolean multiRegion, KeyUsage keyUsage) {
    public CreateKeyRequest {
        Objects.requireNonNull(keySpec, "keySpec");
        Objects.requireNonNull(keyUsage, "keyUsage");
        description = description == null ? "" : description;
    }

    /** An encryption key (KeyUsage ENCRYPT_DECRYPT). */
    public CreateKeyRequest(KeySpec keySpec, String description, boolean multiRegion) {
        this(keySpec, description, multiRegion, KeyUsage.ENCRYPT_DECRYPT);
    }

    public static CreateKeyRequest symmetric(String description) {
        return new CreateKeyRequest(KeySpec.SYMMETRIC_DEFAULT, description, false);
    }

    /** A signing key (KeyUsage SIGN_VERIFY) of an RSA or ECC spec. */
    public static CreateKeyRequest signing(KeySpec keySpec, String description) {
        return new CreateKeyRequest(keySpec, description, false, KeyUsage.SIGN_VERIFY);
    }
}
