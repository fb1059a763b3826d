package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code envelope decrypt --range START-END} and {@code --offset/--length}: only that plaintext is written. */
class RangeDecryptCommandTest {
    private static final int FRAME = 4096;

    @TempDir
    Path dir;

    private Path key;
    private byte[] plaintext;

    @BeforeEach
    void setUp() throws IOException {
        key = dir.resolve("k");
        Files.write(key, bytes(32, 1));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        plaintext = bytes(20 * FRAME + 77, 2);
        Files.write(dir.resolve("plain.bin"), plaintext);
    }

    private static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Path encrypt(String... extra) {
        Path out = dir.resolve("message.env");
        String[] args = concat(new String[] {"encrypt", "--key-file", key.toString(), "--in",
                dir.resolve("plain.bin").toString(), "--out", out.toString(), "--frame-length", Integer.toString(FRAME)}, extra);
        CliRun r = CliRun.run(args);
        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        return out;
    }

    private CliRun decrypt(Path message, String out, String... range) {
        return CliRun.run(concat(new String[] {"decrypt", "--key-file", key.toString(), "--in", message.toString(),
                "--out", out}, range));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void aRangeWritesOnlyThosePlaintextBytes() throws IOException {
        Path message = encrypt();
        CliRun r = decrypt(message, "-", "--range", "5000-13000");
        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        assertArrayEquals(Arrays.copyOfRange(plaintext, 5000, 13001), r.stdout(), "START-END includes END");

        Path out = dir.resolve("part.bin");
        assertEquals(EnvelopeCli.OK, decrypt(message, out.toString(), "--offset", "81000", "--length", "999999").exitCode());
        assertArrayEquals(Arrays.copyOfRange(plaintext, 81000, plaintext.length), Files.readAllBytes(out),
                "a length past the end stops at the end");

        assertArrayEquals(Arrays.copyOfRange(plaintext, 70000, plaintext.length),
                decrypt(message, "-", "--range", "70000-").stdout(), "START- runs to the end");
        assertArrayEquals(new byte[0], decrypt(message, "-", "--offset", "999999").stdout(), "past the end: nothing");
    }

    @Test
    void framesOutsideTheRangeAreNotReadAndATamperedFrameUnderItFails() throws IOException {
        Path message = encrypt();
        byte[] bytes = Files.readAllBytes(message);
        int frameSize = FRAME + 32;
        int headerLength = bytes.length - (19 * frameSize + 40 + FRAME + 77);
        bytes[headerLength + 2 * frameSize + 100] ^= 1; // frame 3
        Files.write(message, bytes);

        CliRun outside = decrypt(message, "-", "--range", (10 * FRAME) + "-" + (12 * FRAME));
        assertEquals(EnvelopeCli.OK, outside.exitCode(), "frame 3 is not under the range: " + outside);
        assertArrayEquals(Arrays.copyOfRange(plaintext, 10 * FRAME, 12 * FRAME + 1), outside.stdout());

        Path out = dir.resolve("part.bin");
        CliRun under = decrypt(message, out.toString(), "--range", (2 * FRAME + 1) + "-" + (2 * FRAME + 10));
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, under.exitCode(), under::toString);
        assertTrue(under.stderr().contains("frame 3"), under.stderr());
        assertFalse(Files.exists(out), "no output file for a failed range");
    }

    @Test
    void aSignedMessageNeedsTheOptInThatNamesTheUncheckedSignature() throws IOException {
        Path message = encrypt("--suite", "0x0578");
        CliRun refused = decrypt(message, "-", "--range", "0-99");
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("signed"), refused.stderr());
        assertEquals(0, refused.stdout().length);

        CliRun accepted = decrypt(message, "-", "--range", "0-99", "--without-checking-signature");
        assertEquals(EnvelopeCli.OK, accepted.exitCode(), accepted::toString);
        assertArrayEquals(Arrays.copyOf(plaintext, 100), accepted.stdout());
    }

    @Test
    void misuseIsAUsageError() {
        Path message = encrypt();
        assertEquals(EnvelopeCli.USAGE, decrypt(message, "-", "--range", "9-3").exitCode());
        assertEquals(EnvelopeCli.USAGE, decrypt(message, "-", "--range", "abc").exitCode());
        assertEquals(EnvelopeCli.USAGE, decrypt(message, "-", "--range", "1-2", "--offset", "1").exitCode());
        assertEquals(EnvelopeCli.USAGE, decrypt(message, "-", "--without-checking-signature").exitCode());
        CliRun stdin = CliRun.run(new byte[10], "decrypt", "--key-file", key.toString(), "--in", "-", "--out", "-",
                "--range", "0-1");
        assertEquals(EnvelopeCli.USAGE, stdin.exitCode(), stdin::toString);
        assertTrue(stdin.stderr().contains("file input"), stdin.stderr());
    }
}
