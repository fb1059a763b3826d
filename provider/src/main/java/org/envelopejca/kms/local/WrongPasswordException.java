package org.envelopejca.kms.local;

import java.security.GeneralSecurityException;

/**
 * The store could not be opened with the root-key source given: a wrong password, a password missing for a
 * password-protected store, a password given to a store protected by a root-key file, or a root-key file that is
 * not the store's. Checked on purpose: the caller must decide (ask again, give up). Thrown before anything in the
 * store is read or written beyond its root header, so the store is left untouched.
 */
public final class WrongPasswordException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    public WrongPasswordException(String message) {
        super(message);
    }
}
