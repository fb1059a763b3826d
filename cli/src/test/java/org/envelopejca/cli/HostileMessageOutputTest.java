package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message whose provider IDs, provider info and encryption context carry terminal escape sequences (OSC 52 with
 * BEL, ESC [), NUL, CR, LF and U+202E: neither {@code inspect} nor a failing {@code decrypt} writes one of them raw
 * to standard output or standard error.
 */
class HostileMessageOutputTest {
    private static final String HOSTILE = "\u001B]52;c;ZWNobyBwd25lZA==\u0007\u001B[31mred\u0000\r\nforged: line\u202Eevil";

    @TempDir
    Path dir;

    @Test
    void inspectAndDecryptPrintNoRawControlCharacter() throws IOException {
        Path message = dir.resolve("hostile.env");
        Files.write(message, header());
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
                    () -> stream + " has a raw U+" + String.format("%04X", (int) text.charAt(0)) + ": "
                            + text.replaceAll("[\\p{Cntrl}&&[^\n]]", "<CTRL>").replace("\u202E", "<RLO>"));
        }
        // A raw CR LF pair inside a line would forge a line: every line the CLI wrote must be its own.
        assertTrue(!text.contains("\nforged: line"), () -> stream + " has a forged line: " + text);
    }

    /** A version 2 header (suite 0x0478) with the hostile strings in the context and two EDKs, then a frame of 1 byte. */
    private static byte[] header() throws IOException {
        Random random = new Random(5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(2);
        out.writeShort(0x0478);
        out.write(randomBytes(random, 32));
        byte[] key = ("ctx" + HOSTILE).getBytes(StandardCharsets.UTF_8);
        byte[] value = HOSTILE.getBytes(StandardCharsets.UTF_8);
        out.writeShort(2 + 2 + key.length + 2 + value.length);
        out.writeShort(1);
        out.writeShort(key.length);
        out.write(key);
        out.writeShort(value.length);
        out.write(value);
        out.writeShort(2);
        for (String id : new String[] {HOSTILE, "ns" + HOSTILE}) {
            byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
            out.writeShort(idBytes.length);
            out.write(idBytes);
            out.writeShort(value.length);
            out.write(value);
            out.writeShort(48);
            out.write(randomBytes(random, 48));
        }
        out.writeByte(2);
        out.writeInt(4096);
        out.write(randomBytes(random, 32));
        out.write(randomBytes(random, 16));
        return bytes.toByteArray();
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
