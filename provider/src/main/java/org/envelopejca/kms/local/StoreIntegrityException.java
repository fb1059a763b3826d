package org.envelopejca.kms.local;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A store file is unreadable, malformed, or fails its integrity check (MAC or AES-GCM tag): it was corrupted or
 * tampered with, and is not used. The message names the file.
 */
public class StoreIntegrityException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public StoreIntegrityException(Path file, String problem) {
        this(file, problem, null);
    }

    public StoreIntegrityException(Path file, String problem, Throwable cause) {
        super("store file " + file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that failed. */
    public Path file() {
        return file;
    }
}
