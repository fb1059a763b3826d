package org.envelopejca.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.envelopejca.kms.local.AuditKey;
import org.envelopejca.kms.local.AuditLog;
import org.envelopejca.kms.local.AuditVerification;

/**
 * A hash-chained audit file ({@link AuditLog}'s line format) of bounded size: when the next line would take the
 * file past {@code maxFileBytes}, the file becomes {@code NAME.1} (the older ones {@code NAME.2} ... up to
 * {@code NAME.<kept>}, the oldest dropped) and a new file starts whose first line, a {@code LogRotated} event, names
 * the sequence number and hash of the previous file's last line. Each file verifies alone with
 * {@link AuditLog#verify}; {@link #verify} also checks every link back to the oldest file kept.
 *
 * <p>Writers in several processes share the file: each append holds an exclusive lock on {@code NAME.lock} (a file
 * never renamed) across the size check, the rotation and the append.
 */
final class RotatingAuditFile {
    static final String ROTATED = "LogRotated";
    private static final int TAIL_BYTES = 1024 * 1024;
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final Path lockFile;
    private final long maxFileBytes;
    private final int kept;
    private final AuditLog log;

    /** @param log the writer of the current file (keyed when the engine gave it its key) */
    RotatingAuditFile(AuditLog log, long maxFileBytes, int kept) {
        this.file = log.path();
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
        this.maxFileBytes = maxFileBytes;
        this.kept = kept;
        this.log = log;
    }

    Path path() {
        return file;
    }

    void checkTail() throws IOException {
        log.checkTail();
    }

    /** Appends one event (rotating first when the file is full); {@code lineBytes} is what the line will take. */
    void append(ObjectNode event, long lineBytes, ObjectNode rotationTemplate) throws IOException {
        try (FileChannel lockChannel = openLock()) {
            FileLock lock = lockChannel.lock();
            try {
                appendLocked(event, lineBytes, rotationTemplate);
            } finally {
                lock.release();
            }
        }
    }

    private void appendLocked(ObjectNode event, long lineBytes, ObjectNode rotationTemplate) throws IOException {
        long size = Files.exists(file) ? Files.size(file) : 0;
        if (size > 0 && size + lineBytes > maxFileBytes) {
            JsonNode last = lastLine(file);
            rotate();
            ObjectNode rotated = rotationTemplate.deepCopy();
            rotated.put("eventName", ROTATED);
            rotated.put("previousFile", file.getFileName() + ".1");
            rotated.put("previousLastSequence", last == null ? 0 : last.path("sequence").asLong());
            rotated.put("previousLastHash", last == null ? "" : chainValue(last));
            log.appendUnderFileLock(rotated);
        }
        log.appendUnderFileLock(event);
    }

    private FileChannel openLock() throws IOException {
        if (!Files.exists(lockFile)) {
            try {
                Files.createFile(lockFile, PosixFilePermissions.asFileAttribute(PRIVATE));
            } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
                // another writer made it, or no POSIX permissions here: open it as it is
            }
        }
        return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private void rotate() throws IOException {
        Files.deleteIfExists(numbered(file, kept));
        for (int i = kept - 1; i >= 1; i--) {
            Path from = numbered(file, i);
            if (Files.exists(from)) {
                Files.move(from, numbered(file, i + 1), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(file, numbered(file, 1), StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path numbered(Path file, int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    /** The last complete line of a file, parsed; null for an empty file. Reads at most the last 1 MiB. */
    private static JsonNode lastLine(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int n = (int) Math.min(size, TAIL_BYTES);
            ByteBuffer buf = ByteBuffer.allocate(n);
            while (buf.hasRemaining() && ch.read(buf, size - n + buf.position()) > 0) {
                // read the tail fully
            }
            byte[] tail = buf.array();
            int end = n;
            while (end > 0 && tail[end - 1] != '\n') {
                end--; // a torn last line does not count
            }
            if (end == 0) {
                return null;
            }
            int start = end - 1;
            while (start > 0 && tail[start - 1] != '\n') {
                start--;
            }
            return KmsOperations.MAPPER.readTree(tail, start, end - 1 - start);
        }
    }

    /**
     * Verifies {@code file} and, through the {@code LogRotated} line each file starts with, every older file still
     * there ({@code NAME.1}, {@code NAME.2}, ...): each file's own chain and each link between two files. The lines
     * counted are those of all files verified. A file whose first line is no rotation line verifies as
     * {@link AuditLog#verify} does.
     */
    static AuditVerification verify(Path file, AuditKey key) throws IOException {
        long lines = 0;
        long keyedLines = 0;
        boolean keyChecked = key != null;
        Path current = file;
        String base = file.getFileName().toString();
        int index = 0;
        while (true) {
            AuditVerification v = key == null ? AuditLog.verify(current) : AuditLog.verify(current, key);
            if (!v.ok()) {
                return new AuditVerification(false, lines + v.lines(), v.brokenLine(),
                        (current.equals(file) ? "" : "in " + current.getFileName() + ": ") + v.problem(),
                        keyedLines + v.keyedLines(), keyChecked);
            }
            lines += v.lines();
            keyedLines += v.keyedLines();
            JsonNode first = v.lines() == 0 ? null : firstLine(current);
            if (first == null || !ROTATED.equals(first.path("eventName").asText())) {
                return new AuditVerification(true, lines, 0, null, keyedLines, keyChecked);
            }
            index++;
            Path previous = file.resolveSibling(base + "." + index);
            if (!Files.exists(previous)) {
                // dropped by rotation (or never rotated this far): the chain is verified back to here
                return new AuditVerification(true, lines, 0, null, keyedLines, keyChecked);
            }
            JsonNode last = lastLine(previous);
            if (last == null || last.path("sequence").asLong() != first.path("previousLastSequence").asLong()
                    || !chainValue(last).equals(first.path("previousLastHash").asText())) {
                return new AuditVerification(false, lines - v.lines(), 1, "in " + current.getFileName()
                        + ": the rotation line does not match the last line of " + previous.getFileName()
                        + " (lines cut off its end or the file replaced)", keyedLines - v.keyedLines(), keyChecked);
            }
            current = previous;
        }
    }

    /** A line's chain value: its HMAC in a keyed log, its SHA-256 hash in an unkeyed one. */
    private static String chainValue(JsonNode line) {
        return line.has("hmac") ? line.path("hmac").asText() : line.path("hash").asText();
    }

    private static JsonNode firstLine(Path file) throws IOException {
        try (var in = Files.newBufferedReader(file)) {
            String line = in.readLine();
            return line == null ? null : KmsOperations.MAPPER.readTree(line);
        }
    }
}
