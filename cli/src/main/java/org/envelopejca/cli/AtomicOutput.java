package org.envelopejca.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * An output file that appears only when complete: bytes go to a temporary file in the target's directory, which
 * {@link #commit()} renames into place. Closing without a commit deletes the temporary file, so a failed run never
 * leaves a partial output (and an existing output stays as it was). The temporary file is created new (O_EXCL: never
 * an existing file or a link planted at its name) under a random name in the target's directory, readable by the
 * owner only (POSIX), and so is the output.
 */
final class AtomicOutput implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** 0600 where the file system has POSIX permissions, else null (the platform's default). */
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) : null;

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean committed;

    private AtomicOutput(Path target, Path temporary, FileChannel channel) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
        this.stream = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
    }

    static AtomicOutput create(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        for (int attempt = 0; ; attempt++) {
            Path temporary = dir.resolve("." + absolute.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36)
                    + ".part");
            FileChannel channel;
            try {
                // O_CREAT|O_EXCL: never an existing file, nor a symbolic link planted at the name (in a shared
                // directory, the name is guessable); owner-only from the first byte.
                channel = OWNER_ONLY == null
                        ? FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                        : FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                                OWNER_ONLY);
            } catch (FileAlreadyExistsException taken) {
                if (attempt == 99) {
                    throw taken;
                }
                continue;
            }
            // also removed if the JVM is stopped (Ctrl-C) before commit or close
            temporary.toFile().deleteOnExit();
            try {
                return new AtomicOutput(absolute, temporary, channel);
            } catch (RuntimeException e) {
                channel.close();
                Files.deleteIfExists(temporary);
                throw e;
            }
        }
    }

    OutputStream stream() {
        return stream;
    }

    /** Flushes the bytes to disk and renames the temporary file to the target, replacing it. */
    void commit() throws IOException {
        stream.flush();
        channel.force(true);
        stream.close();
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        try {
            stream.close();
        } catch (IOException ignored) {
            // the bytes are discarded anyway
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
