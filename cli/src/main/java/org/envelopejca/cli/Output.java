package org.envelopejca.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The output named by {@code --out}: a file that appears only on success, or standard output. */
final class Output {

    /** An opened output: write to {@link #stream()}, then {@link #commit()}; {@link #close()} discards a file. */
    interface Sink extends AutoCloseable {
        OutputStream stream();

        void commit() throws IOException;

        @Override
        void close() throws IOException;
    }

    private final Path file;
    private final OutputStream stdout;

    private Output(Path file, OutputStream stdout) {
        this.file = file;
        this.stdout = stdout;
    }

    static Output of(String arg, OutputStream stdout, Input input) throws UsageException, IOException {
        if ("-".equals(arg)) {
            return new Output(null, stdout);
        }
        Path file = Path.of(arg);
        if (Files.isDirectory(file)) {
            throw new UsageException("output is a directory: " + arg);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException("output directory not found: " + arg);
        }
        if (input.file() != null && Files.exists(file) && Files.isSameFile(input.file(), file)) {
            throw new UsageException("input and output are the same file: " + arg);
        }
        return new Output(file, null);
    }

    boolean isStandardOutput() {
        return file == null;
    }

    Sink open() throws IOException {
        if (file == null) {
            return standardOutput();
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

    private Sink standardOutput() {
        OutputStream unclosable = new FilterOutputStream(stdout) {
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
                stdout.flush();
            }

            @Override
            public void close() throws IOException {
                // what was written is out already: flush it so the reader sees where it stopped
                stdout.flush();
            }
        };
    }
}
