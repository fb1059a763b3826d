package org.envelopejca.kms.local;

import java.io.IOException;

/**
 * A new password-protected store was asked for with a password below {@link PasswordPolicy}'s rule; nothing was
 * created. The message says why, never the password.
 */
public final class WeakPasswordException extends IOException {
    private static final long serialVersionUID = 1L;

    public WeakPasswordException(String message) {
        super(message);
    }
}
