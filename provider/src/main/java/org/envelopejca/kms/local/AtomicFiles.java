package org.envelopejca.kms.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Durable whole-file replacement: write a temporary file in the same directory, force it to disk, rename it over
 * the target (atomic on POSIX), then force the directory so the rename itself survives a crash. A reader sees the
 * old file or the new one, never a mix.
 */
final class AtomicFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code content}; a new file is owner read/write only (0600) from its creation. */
    static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FileChannel ch = open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceDirectory(dir);
    }

    /**
     * Deletes temporary files a crashed writer left behind (they were never renamed into place, so they hold
     * nothing anybody relies on). Called under the directory lock, when no write is under way.
     */
    static void deleteLeftovers(Path dir) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, "*.tmp-*")) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Makes a directory entry change durable; a no-op where directories cannot be opened (Windows). */
    static void forceDirectory(Path dir) throws IOException {
        if (!POSIX) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Opens a file with {@code options}; when the options may create it, it is created owner read/write only (0600)
     * at once, so it is never readable by others, not even for a moment.
     */
    static FileChannel open(Path file, StandardOpenOption... options) throws IOException {
        Set<StandardOpenOption> set = Set.of(options);
        if (POSIX && (set.contains(StandardOpenOption.CREATE) || set.contains(StandardOpenOption.CREATE_NEW))) {
            return FileChannel.open(file, set, ownerOnly());
        }
        return FileChannel.open(file, set);
    }

    /** Owner read/write only (0600), set at creation so the file is never readable by others. */
    static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }

    static boolean posix() {
        return POSIX;
    }

    /** Reads a file of at most {@code max} bytes; a longer one is not read. */
    static byte[] readBounded(Path file, int max) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > max) {
                throw new StoreIntegrityException(file, "larger than " + max + " bytes");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    break;
                }
            }
            if (buf.hasRemaining()) {
                throw new StoreIntegrityException(file, "shrank while being read");
            }
            return buf.array();
        }
    }
}
