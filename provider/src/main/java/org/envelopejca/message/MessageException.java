package org.envelopejca.message;

import org.envelopejca.kms.UntrustedText;

/** Why a message cannot be written or read. Messages never carry key material or plaintext. */
public abstract sealed class MessageException extends Exception
        permits MessageFormatException, MessageAuthenticationException, DataKeyException {
    private static final long serialVersionUID = 1L;

    // Strings from the message are quoted where they enter (UntrustedText.quote); this catches any that were not.
    MessageException(String message) {
        super(UntrustedText.escapeControls(message));
    }

    MessageException(String message, Throwable cause) {
        super(UntrustedText.escapeControls(message), cause);
    }
}
