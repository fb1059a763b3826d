package org.envelopejca.message;

/** Why a message cannot be written or read. Messages never carry key material or plaintext. */
public abstract sealed class MessageException extends Exception
        permits MessageFormatException, MessageAuthenticationException, DataKeyException {
    private static final long serialVersionUID = 1L;

    MessageException(String message) {
        super(message);
    }

    MessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
