package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.envelopejca.hardening.HostileHeaders;
import org.envelopejca.hardening.HostileHeaders.Edk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message whose provider IDs, provider info and encryption context carry terminal escape sequences (OSC 52 with
 * BEL, ESC [), NUL, CR, LF and U+202E: neither {@code inspect} nor a failing {@code decrypt} writes one of them raw
 * to standard output or standard error.
 */
class HostileMessageOutputTest {
    private static final String HOSTILE = HostileHeaders.HOSTILE;

    @TempDir
    Path dir;

    @Test
    void inspectAndDecryptPrintNoRawControlCharacter() throws IOException {
        Path message = dir.resolve("hostile.env");
        Files.write(message, HostileHeaders.header(List.of(
                new Edk(HOSTILE, HOSTILE.getBytes(StandardCharsets.UTF_8)),
                new Edk("ns" + HOSTILE, HOSTILE.getBytes(StandardCharsets.UTF_8)))));
        Path key = dir.resolve("key");
        byte[] k = new byte[32];
        new Random(3).nextBytes(k);
        Files.write(key, k);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

        CliRun inspect = CliRun.run("inspect", message.toString());
        CliRun verbose = CliRun.run("inspect", "--verbose", message.toString());
        CliRun decrypt = CliRun.run("decrypt", "--key-file", key.toString(), "--in", message.toString(), "--out", "-");

        assertEquals(EnvelopeCli.DECRYPTION_FAILED, inspect.exitCode(), inspect::toString);
        assertTrue(inspect.stdoutAsText().contains("provider ID: \\u001B]52"), inspect.stdoutAsText());
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, decrypt.exitCode(), decrypt::toString);
        assertTrue(decrypt.stderr().contains("\\u001B]52"), decrypt.stderr());
        for (CliRun r : new CliRun[] {inspect, verbose, decrypt}) {
            assertClean("stdout", r.stdoutAsText());
            assertClean("stderr", r.stderr());
        }
    }

    /** No control character but the line ends the CLI writes itself; no format (bidi) character. */
    private static void assertClean(String stream, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            boolean lineEnd = c == '\n' || (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n');
            boolean tab = c == '\t';
            assertTrue(lineEnd || tab || (type != Character.CONTROL && type != Character.FORMAT),
                    () -> stream + " has a raw U+" + String.format("%04X", (int) c) + ": "
                            + text.replaceAll("[\\p{Cntrl}&&[^\n]]", "<CTRL>").replace("\u202E", "<RLO>"));
        }
        // A raw CR LF pair inside a line would forge a line: every line the CLI wrote must be its own.
        assertTrue(!text.contains("\nforged: line"), () -> stream + " has a forged line: " + text);
    }
}
