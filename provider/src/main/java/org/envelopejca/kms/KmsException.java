package org.envelopejca.kms;

import java.util.Objects;

/** A KMS call failed. Carries the error kind and, when known, the key ARN; never key material or plaintext. */
public class KmsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final KmsErrorCode code;
    private final String keyArn;

    public KmsException(KmsErrorCode code, String message, String keyArn) {
        this(code, message, keyArn, null);
    }

    public KmsException(KmsErrorCode code, String message, String keyArn, Throwable cause) {
        // The key ARN may be one a message or a request named: quoted; the message escaped as a whole.
        super(UntrustedText.escapeControls(code.awsName() + ": " + message
                + (keyArn == null ? "" : " (key " + UntrustedText.quote(keyArn) + ")")), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.keyArn = keyArn;
    }

    public KmsErrorCode code() {
        return code;
    }

    /** The key ARN the failure concerns, or null. */
    public String keyArn() {
        return keyArn;
    }
}
