package org.envelopejca.kms.local;

import java.nio.file.Path;

/**
 * The store file is older than one the engine has evidence of: its generation is below the newest generation the
 * keyed audit chain records (or below one this engine already read or wrote). Someone put an older, valid copy of
 * {@code store.json} back, which would undo changes (re-enable a disabled key, cancel a scheduled deletion, bring a
 * deleted key back). The store is not used. If the older copy was restored on purpose (from a backup), open it with
 * {@link LocalKmsOptions.Builder#acceptRollback(boolean)} ({@code --accept-rollback} in the CLI), which records the
 * acceptance in the audit log.
 */
public final class StoreRollbackException extends StoreIntegrityException {
    private static final long serialVersionUID = 1L;

    private final long storeGeneration;
    private final long recordedGeneration;

    StoreRollbackException(Path file, long storeGeneration, long recordedGeneration, String recordedBy) {
        super(file, "rolled back: it is at generation " + storeGeneration + " but " + recordedBy + " generation "
                + recordedGeneration + ", so an older copy was put back; it is not used. If you restored it on "
                + "purpose, open the store accepting the rollback (LocalKmsOptions acceptRollback, envelope "
                + "--accept-rollback)");
        this.storeGeneration = storeGeneration;
        this.recordedGeneration = recordedGeneration;
    }

    /** A copy offered for restore is older than the newest generation known; {@code problem} says so and how on. */
    StoreRollbackException(Path file, String problem, long storeGeneration, long recordedGeneration) {
        super(file, problem);
        this.storeGeneration = storeGeneration;
        this.recordedGeneration = recordedGeneration;
    }

    /** The generation of the store file found. */
    public long storeGeneration() {
        return storeGeneration;
    }

    /** The newest generation recorded elsewhere. */
    public long recordedGeneration() {
        return recordedGeneration;
    }
}
