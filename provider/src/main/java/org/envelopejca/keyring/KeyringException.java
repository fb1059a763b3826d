package org.envelopejca.keyring;

/** A keyring could not do its job for a reason other than "not my key" (e.g. its key is unusable). */
public class KeyringException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyringException(String message) {
        super(message);
    }

    public KeyringException(String message, Throwable cause) {
        super(message, cause);
    }
}
