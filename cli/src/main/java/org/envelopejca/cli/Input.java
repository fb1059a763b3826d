package org.envelopejca.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The input named by {@code --in}: a file or standard input. */
final class Input {

    private final Path file;
    private final InputStream stdin;

    private Input(Path file, InputStream stdin) {
        this.file = file;
        this.stdin = stdin;
    }

    static Input of(String arg, InputStream stdin) throws UsageException {
        if ("-".equals(arg)) {
            return new Input(null, stdin);
        }
        Path file = Path.of(arg);
        if (Files.isDirectory(file)) {
            throw new UsageException("input is a directory: " + arg);
        }
        if (!Files.exists(file)) {
            throw new UsageException("input file not found: " + arg);
        }
        return new Input(file, null);
    }

    /** The file, or null for standard input. */
    Path file() {
        return file;
    }

    /** Size in bytes, -1 when unknown (standard input, a named pipe). */
    long size() throws IOException {
        return file != null && Files.isRegularFile(file) ? Files.size(file) : -1;
    }

    String name() {
        return file == null ? "standard input" : file.toString();
    }

    /** Opens the input; closing the stream returned for standard input leaves standard input open. */
    InputStream open() throws IOException {
        if (file != null) {
            return Files.newInputStream(file);
        }
        return new FilterInputStream(stdin) {
            @Override
            public void close() {
            }
        };
    }
}
