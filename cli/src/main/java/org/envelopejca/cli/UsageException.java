package org.envelopejca.cli;

/** A mistake in how the command was called (exit code 2); its message is shown as is. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
