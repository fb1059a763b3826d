package org.envelopejca.kms.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion on a store directory across threads and processes: a JVM-wide lock per directory plus an
 * exclusive {@link FileLock} on the directory's lock file. File locks belong to the whole process (and closing any
 * channel of a file drops them on POSIX), so all users of one directory in one JVM share one channel, counted by
 * reference and closed with the last user.
 */
final class DirectoryLock implements AutoCloseable {
    static final String LOCK_FILE = "store.lock";

    private static final Map<Path, Shared> SHARED = new HashMap<>();

    private final Path dir;
    private final Shared shared;
    private boolean closed;

    private DirectoryLock(Path dir, Shared shared) {
        this.dir = dir;
        this.shared = shared;
    }

    static DirectoryLock acquire(Path dir) throws IOException {
        Path key = dir.toRealPath();
        synchronized (SHARED) {
            Shared shared = SHARED.get(key);
            if (shared == null) {
                shared = new Shared(key.resolve(LOCK_FILE));
                SHARED.put(key, shared);
            }
            shared.users++;
            return new DirectoryLock(key, shared);
        }
    }

    /** Runs {@code action} holding the directory exclusively. */
    <T, E extends Exception> T locked(Action<T, E> action) throws E, IOException {
        shared.jvmLock.lock();
        try {
            FileLock fileLock = shared.lockFile();
            try {
                return action.run();
            } finally {
                if (fileLock.isValid()) {
                    fileLock.release();
                }
            }
        } finally {
            shared.jvmLock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (SHARED) {
            if (closed) {
                return;
            }
            closed = true;
            if (--shared.users == 0) {
                SHARED.remove(dir);
                shared.close();
            }
        }
    }

    interface Action<T, E extends Exception> {
        T run() throws E, IOException;
    }

    private static final class Shared {
        final ReentrantLock jvmLock = new ReentrantLock();
        final Path lockFile;
        FileChannel channel;
        int users;

        Shared(Path lockFile) {
            this.lockFile = lockFile;
        }

        /** Called with jvmLock held. Reopens the channel if an interrupt closed it. */
        FileLock lockFile() throws IOException {
            if (channel == null || !channel.isOpen()) {
                channel = AtomicFiles.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
            return channel.lock();
        }

        void close() throws IOException {
            jvmLock.lock();
            try {
                if (channel != null) {
                    channel.close();
                }
            } finally {
                jvmLock.unlock();
            }
        }
    }
}
