package org.envelopejca;

import java.security.ProviderException;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.UntrustedText;

/**
 * KMS could not do what the Cipher needed: unavailable, throttled, access denied, key disabled or pending deletion.
 * Carries the KMS error code and the key ARN. Not a verdict on the message: retrying later may succeed.
 */
public class KmsOperationException extends ProviderException {
    private static final long serialVersionUID = 1L;

    private final KmsErrorCode code;
    private final String keyArn;

    public KmsOperationException(String message, KmsErrorCode code, String keyArn, Throwable cause) {
        super(UntrustedText.escapeControls(message), cause);
        this.code = code;
        this.keyArn = keyArn;
    }

    /** The KMS error kind; {@code code().awsName()} is the name AWS KMS gives it (e.g. AccessDeniedException). */
    public KmsErrorCode code() {
        return code;
    }

    /** The key the failure concerns, or null when KMS did not say. */
    public String keyArn() {
        return keyArn;
    }
}
