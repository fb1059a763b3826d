package org.envelopejca.kms.local;

import java.io.IOException;

/**
 * Fewer copies of a store change were written than {@code local.copies-required} asks: the change was not applied
 * locally (copies are written before the local commit), and the call fails with KMSInternalException.
 */
public final class CopyFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    CopyFailedException(String message) {
        super(message);
    }
}
