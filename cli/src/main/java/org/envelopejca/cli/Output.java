package org.envelopejca.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The output named by {@code --out}: a regular file that appears only on success, or a stream: standard output or
 * a special file such as {@code /dev/null} or a named pipe.
 */
final class Output {

    /** An opened output: write to {@link #stream()}, then {@link #commit()}; {@link #close()} discards a file. */
    interface Sink extends AutoCloseable {
        OutputStream stream();

        void commit() throws IOException;

        @Override
        void close() throws IOException;
    }

    /** A regular file (to appear on success), or null. */
    private final Path file;
    private final OutputStream stdout;
    /** A special file (device, named pipe), written directly, or null. */
    private final Path special;

    private Output(Path file, OutputStream stdout, Path special) {
        this.file = file;
        this.stdout = stdout;
        this.special = special;
    }

    static Output of(String arg, OutputStream stdout, Input input) throws UsageException, IOException {
        if ("-".equals(arg)) {
            return new Output(null, stdout, null);
        }
        Path file = Path.of(arg);
        OutputLinks.check(file, arg);
        if (Files.isDirectory(file)) {
            throw new UsageException("output is a directory: " + arg);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException("output directory not found: " + arg);
        }
        if (Files.exists(file)) {
            if (input.file() != null && Files.isRegularFile(file) && Files.isSameFile(input.file(), file)) {
                throw new UsageException("input and output are the same file: " + arg);
            }
            if (!Files.isRegularFile(file)) {
                // a device or a named pipe: written as it is, never replaced by a file
                return new Output(null, null, file);
            }
            // through a symbolic link of the caller's (OutputLinks): replace the file it points to, keep the link;
            // checked again on the path actually written, which a link changed since cannot redirect
            Path real = file.toRealPath();
            if (Files.isSymbolicLink(file) && !OutputLinks.ownedByCaller(real)) {
                throw new UsageException("output is a symbolic link to a file owned by another user, not followed: " + arg);
            }
            return new Output(real, null, null);
        }
        return new Output(file, null, null);
    }

    Sink open() throws IOException {
        if (special != null) {
            return stream(new BufferedOutputStream(Files.newOutputStream(special), 64 * 1024), true);
        }
        if (file == null) {
            return stream(stdout, false);
        }
        AtomicOutput atomic = AtomicOutput.create(file);
        return new Sink() {
            @Override
            public OutputStream stream() {
                return atomic.stream();
            }

            @Override
            public void commit() throws IOException {
                atomic.commit();
            }

            @Override
            public void close() throws IOException {
                atomic.close();
            }
        };
    }

    /** A stream output: what was written is out, a failure cannot take it back. */
    private static Sink stream(OutputStream target, boolean closeTarget) {
        OutputStream unclosable = new FilterOutputStream(target) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
        return new Sink() {
            @Override
            public OutputStream stream() {
                return unclosable;
            }

            @Override
            public void commit() throws IOException {
                target.flush();
            }

            @Override
            public void close() throws IOException {
                // flushed even after a failure, so that the reader sees where it stopped
                if (closeTarget) {
                    target.close();
                } else {
                    target.flush();
                }
            }
        };
    }
}
