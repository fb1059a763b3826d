package org.envelopejca.keyring;

import org.envelopejca.kms.UntrustedText;

/** A keyring could not do its job for a reason other than "not my key" (e.g. its key is unusable). */
public class KeyringException extends Exception {
    private static final long serialVersionUID = 1L;

    // Messages may name keys an encrypted data key named: no invisible character gets through (UntrustedText).
    public KeyringException(String message) {
        super(UntrustedText.escapeControls(message));
    }

    public KeyringException(String message, Throwable cause) {
        super(UntrustedText.escapeControls(message), cause);
    }
}
