package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EncryptDecryptCommandTest {

    @TempDir
    Path dir;

    private Path file(String name) {
        return dir.resolve(name);
    }

    private static byte[] pseudoRandom(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Path writeKey(String name, long seed) throws IOException {
        Path key = file(name);
        Files.write(key, pseudoRandom(32, seed));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return key;
    }

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static String singleLine(String stderr) {
        List<String> lines = stderr.lines().collect(Collectors.toList());
        assertEquals(1, lines.size(), () -> "one line expected: " + stderr);
        return lines.get(0);
    }

    private Path encrypt(Path key, byte[] plaintext, String... extra) throws IOException {
        Path in = file("plain.bin");
        Files.write(in, plaintext);
        Path out = file("message.env");
        String[] args = Stream.concat(Stream.of("encrypt", "--key-file", key.toString(),
                "--in", in.toString(), "--out", out.toString()), Stream.of(extra)).toArray(String[]::new);
        CliRun r = CliRun.run(args);
        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        return out;
    }

    @Test
    void roundTripOfAFileOverSeveralFrames() throws IOException {
        Path key = writeKey("k", 1);
        byte[] plaintext = pseudoRandom(300_000, 2);
        Path message = encrypt(key, plaintext, "--frame-length", "4096", "-c", "purpose=test");
        byte[] ciphertext = Files.readAllBytes(message);
        assertTrue(ciphertext.length > plaintext.length);

        Path back = file("back.bin");
        CliRun r = CliRun.run("decrypt", "--key-file", key.toString(), "--in", message.toString(),
                "--out", back.toString());

        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        assertArrayEquals(plaintext, Files.readAllBytes(back));
        assertEquals("", r.stderr());
        assertEquals(0, r.stdout().length, "a file output leaves stdout alone");
    }

    @Test
    void roundTripOfAnEmptyFileAndTheSigningSuite() throws IOException {
        Path key = writeKey("k", 3);
        Path message = encrypt(key, new byte[0], "--suite", "0x0578");
        Path back = file("back.bin");
        CliRun r = CliRun.run("decrypt", "--key-file", key.toString(), "--in", message.toString(),
                "--out", back.toString());
        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        assertEquals(0, Files.size(back));
    }

    @Test
    void roundTripThroughStandardInputAndOutput() {
        Path key = file("k");
        byte[] plaintext = pseudoRandom(70_000, 4);
        CliRun enc = CliRun.run(plaintext, "encrypt", "--generate-key", "--key-file", key.toString(),
                "--in", "-", "--out", "-");
        assertEquals(EnvelopeCli.OK, enc.exitCode(), enc::toString);

        CliRun dec = CliRun.run(enc.stdout(), "decrypt", "--key-file", key.toString(), "--in", "-", "--out", "-");
        assertEquals(EnvelopeCli.OK, dec.exitCode(), dec::toString);
        assertArrayEquals(plaintext, dec.stdout());
    }

    @Test
    void wrongKeyExitsWithOneAndLeavesNoOutputFile() throws IOException {
        Path message = encrypt(writeKey("right", 5), pseudoRandom(100_000, 6));
        Path wrong = writeKey("wrong", 7);
        Path out = file("out.bin");
        List<String> before = filesInDir();

        CliRun r = CliRun.run("decrypt", "--key-file", wrong.toString(), "--in", message.toString(),
                "--out", out.toString());

        assertEquals(EnvelopeCli.DECRYPTION_FAILED, r.exitCode(), r::toString);
        assertFalse(Files.exists(out));
        assertEquals(before, filesInDir(), "no output and no temporary file left");
        assertTrue(singleLine(r.stderr()).startsWith("envelope decrypt: decryption failed"), r.stderr());
    }

    @Test
    void failedDecryptionLeavesAnExistingOutputAsItWas() throws IOException {
        Path message = encrypt(writeKey("right", 8), pseudoRandom(1000, 9));
        Path out = file("out.bin");
        Files.writeString(out, "older content");

        CliRun r = CliRun.run("decrypt", "--key-file", writeKey("wrong", 10).toString(),
                "--in", message.toString(), "--out", out.toString());

        assertEquals(EnvelopeCli.DECRYPTION_FAILED, r.exitCode(), r::toString);
        assertEquals("older content", Files.readString(out));
    }

    @Test
    void truncatedMessageExitsWithOneAndLeavesNoOutputFile() throws IOException {
        Path key = writeKey("k", 11);
        Path message = encrypt(key, pseudoRandom(50_000, 12), "--frame-length", "1024");
        byte[] bytes = Files.readAllBytes(message);
        Path truncated = file("truncated.env");
        // whole frames are verified and would be released; only the missing end can tell
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 40));
        Path out = file("out.bin");

        CliRun r = CliRun.run("decrypt", "--key-file", key.toString(), "--in", truncated.toString(),
                "--out", out.toString());

        assertEquals(EnvelopeCli.DECRYPTION_FAILED, r.exitCode(), r::toString);
        assertFalse(Files.exists(out));
    }

    @Test
    void tamperedMessageExitsWithOne() throws IOException {
        Path key = writeKey("k", 13);
        Path message = encrypt(key, pseudoRandom(20_000, 14));
        byte[] bytes = Files.readAllBytes(message);
        bytes[bytes.length / 2] ^= 1;
        Files.write(message, bytes);

        CliRun r = CliRun.run("decrypt", "--key-file", key.toString(), "--in", message.toString(),
                "--out", file("out.bin").toString());

        assertEquals(EnvelopeCli.DECRYPTION_FAILED, r.exitCode(), r::toString);
        assertFalse(Files.exists(file("out.bin")));
    }

    @Test
    void notAMessageExitsWithOne() throws IOException {
        Path key = writeKey("k", 15);
        Path garbage = file("garbage");
        Files.writeString(garbage, "this is not an envelope message at all");

        CliRun r = CliRun.run("decrypt", "--key-file", key.toString(), "--in", garbage.toString(),
                "--out", file("out.bin").toString());

        assertEquals(EnvelopeCli.DECRYPTION_FAILED, r.exitCode(), r::toString);
        assertFalse(Files.exists(file("out.bin")));
    }

    @Test
    void encryptionContextMustMatch() throws IOException {
        Path key = writeKey("k", 16);
        byte[] plaintext = "context matters".getBytes(StandardCharsets.UTF_8);
        Path message = encrypt(key, plaintext, "-c", "purpose=test", "-c", "tenant=a");
        Path out = file("out.bin");

        CliRun other = CliRun.run("decrypt", "--key-file", key.toString(), "--in", message.toString(),
                "--out", out.toString(), "-c", "purpose=other");
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, other.exitCode(), other::toString);
        assertFalse(Files.exists(out));

        CliRun extra = CliRun.run("decrypt", "--key-file", key.toString(), "--in", message.toString(),
                "--out", out.toString(), "-c", "purpose=test", "-c", "unknown=entry");
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, extra.exitCode(), extra::toString);
        assertFalse(Files.exists(out));

        CliRun same = CliRun.run("decrypt", "--key-file", key.toString(), "--in", message.toString(),
                "--out", out.toString(), "-c", "tenant=a", "-c", "purpose=test");
        assertEquals(EnvelopeCli.OK, same.exitCode(), same::toString);
        assertArrayEquals(plaintext, Files.readAllBytes(out));
    }

    @Test
    void keyNamesMustMatch() throws IOException {
        Path key = writeKey("k", 17);
        Path message = encrypt(key, new byte[10], "--key-namespace", "ns", "--key-name", "n1");

        CliRun wrongName = CliRun.run("decrypt", "--key-file", key.toString(), "--in", message.toString(),
                "--out", file("out").toString(), "--key-namespace", "ns", "--key-name", "n2");
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, wrongName.exitCode(), wrongName::toString);

        CliRun right = CliRun.run("decrypt", "--key-file", key.toString(), "--in", message.toString(),
                "--out", file("out").toString(), "--key-namespace", "ns", "--key-name", "n1");
        assertEquals(EnvelopeCli.OK, right.exitCode(), right::toString);
    }

    @Test
    void generateKeyCreatesAnOwnerOnlyKeyOnceAndThenUsesIt() throws IOException {
        assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "POSIX file system");
        Path key = file("new.key");
        Path in = file("in");
        Files.writeString(in, "x");

        CliRun first = CliRun.run("encrypt", "--generate-key", "--key-file", key.toString(),
                "--in", in.toString(), "--out", file("a.env").toString());
        assertEquals(EnvelopeCli.OK, first.exitCode(), first::toString);
        assertEquals(32, Files.size(key));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        byte[] keyBytes = Files.readAllBytes(key);
        assertFalse(first.stderr().contains(HexFormat.of().formatHex(keyBytes)), "key bytes are never printed");
        assertTrue(first.stderr().contains("created key file"), first.stderr());

        CliRun second = CliRun.run("encrypt", "--generate-key", "--key-file", key.toString(),
                "--in", in.toString(), "--out", file("b.env").toString());
        assertEquals(EnvelopeCli.OK, second.exitCode(), second::toString);
        assertArrayEquals(keyBytes, Files.readAllBytes(key), "an existing key file is never overwritten");
        assertTrue(second.stderr().contains("exists; using it"), second.stderr());

        CliRun decrypt = CliRun.run("decrypt", "--key-file", key.toString(), "--in", file("a.env").toString(),
                "--out", file("a.out").toString());
        assertEquals(EnvelopeCli.OK, decrypt.exitCode(), decrypt::toString);
    }

    @Test
    void failingEncryptionCreatesNoKeyFile() {
        Path key = file("never.key");
        CliRun r = CliRun.run("encrypt", "--generate-key", "--key-file", key.toString(),
                "--in", file("missing").toString(), "--out", file("o").toString());
        assertEquals(EnvelopeCli.USAGE, r.exitCode(), r::toString);
        assertFalse(Files.exists(key));
    }

    @Test
    void outputReplacesAnExistingFile() throws IOException {
        Path key = writeKey("k", 18);
        Path in = file("in");
        Files.writeString(in, "new");
        Path out = file("out.env");
        Files.writeString(out, "old");
        CliRun r = CliRun.run("encrypt", "--key-file", key.toString(), "--in", in.toString(), "--out", out.toString());
        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        assertTrue(Files.size(out) > 3);
        assertEquals(List.of("in", "k", "out.env"), filesInDir());
    }

    @Test
    void anOutputBehindASymbolicLinkIsReplacedAndTheLinkKept() throws IOException {
        Path key = writeKey("k", 24);
        Path in = file("in");
        Files.writeString(in, "linked");
        Files.createDirectory(file("real"));
        Path target = file("real/out.env");
        Files.writeString(target, "old");
        Path link = Files.createSymbolicLink(file("link.env"), target);

        CliRun r = CliRun.run("encrypt", "--key-file", key.toString(), "--in", in.toString(), "--out", link.toString());

        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.size(target) > "linked".length());
    }

    @Test
    void aNamedPipeIsWrittenNotReplaced() throws Exception {
        Path fifo = file("pipe");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (IOException noMkfifo) {
            made = false;
        }
        assumeTrue(made, "mkfifo available");
        Path key = writeKey("k", 25);
        Path in = file("in");
        Files.writeString(in, "through a pipe");
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        CliRun r = CliRun.run("encrypt", "--key-file", key.toString(), "--in", in.toString(), "--out", fifo.toString());

        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        assertFalse(Files.isRegularFile(fifo), "still a named pipe");
        assertTrue(reader.get(1, TimeUnit.MINUTES).length > "through a pipe".length());
    }

    @Test
    void progressGoesToStderrNeverIntoTheData() throws IOException {
        Path key = writeKey("k", 19);
        byte[] plaintext = pseudoRandom(200_000, 20);
        Path message = encrypt(key, plaintext, "--progress");
        CliRun r = CliRun.run("decrypt", "--progress", "--key-file", key.toString(), "--in", message.toString(),
                "--out", "-");
        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        assertArrayEquals(plaintext, r.stdout());
    }

    @Test
    void usageErrorsExitWithTwoInOneLine() throws IOException {
        Path in = file("in");
        Files.writeString(in, "x");
        Path shortKey = file("short.key");
        Files.write(shortKey, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        Path key = writeKey("good.key", 22);

        List<String[]> mistakes = List.of(
                new String[] {"encrypt", "--in", in.toString(), "--out", "-"},
                new String[] {"encrypt", "--key-file", shortKey.toString(), "--in", in.toString(), "--out", "-"},
                new String[] {"encrypt", "--key-file", file("absent.key").toString(), "--in", in.toString(),
                    "--out", "-"},
                new String[] {"encrypt", "--key-file", key.toString(),
                    "--in", in.toString(), "--out", "-", "--suite", "0x9999"},
                new String[] {"encrypt", "--key-file", key.toString(),
                    "--in", in.toString(), "--out", "-", "--frame-length", "0"},
                new String[] {"encrypt", "--key-file", key.toString(),
                    "--in", in.toString(), "--out", "-", "--suite", "0x0178"},
                new String[] {"encrypt", "--key-file", key.toString(),
                    "--in", in.toString(), "--out", in.toString()},
                new String[] {"decrypt", "--key-file", shortKey.toString(), "--in", file("nothing").toString(),
                    "--out", "-"},
                new String[] {"encrypt", "--key-file", key.toString(), "--in", in.toString(), "--out", "-",
                    "-c", "novalue"},
                new String[] {"encrypt", "--key-file", key.toString(), "--in", in.toString(), "--out", "-",
                    "-c", "a=1", "-c", "a=2"},
                new String[] {"frobnicate"});
        for (String[] args : mistakes) {
            CliRun r = CliRun.run(args);
            assertEquals(EnvelopeCli.USAGE, r.exitCode(), () -> String.join(" ", args) + " -> " + r);
            singleLine(r.stderr());
            assertFalse(r.stderr().contains("\tat "), "no stack trace without --verbose");
        }
    }

    @Test
    void nonCommittingSuitesNeedAPolicyThatAllowsThem() throws IOException {
        Path in = file("in");
        Files.writeString(in, "legacy");
        Path key = writeKey("good.key", 23);

        CliRun v1 = CliRun.run("encrypt", "--generate-key", "--key-file", file("g.key").toString(),
                "--in", in.toString(), "--out", "-", "--suite", "0x0178");
        assertEquals(EnvelopeCli.USAGE, v1.exitCode(), v1::toString);
        assertTrue(v1.stderr().contains("FORBID_ENCRYPT_ALLOW_DECRYPT"), v1.stderr());
        assertFalse(Files.exists(file("g.key")), "no key file for a command that could not run");

        CliRun v1Allowed = CliRun.run("encrypt", "--key-file", key.toString(), "--in", in.toString(),
                "--out", file("v1.env").toString(), "--suite", "0x0178",
                "--commitment-policy", "FORBID_ENCRYPT_ALLOW_DECRYPT");
        assertEquals(EnvelopeCli.OK, v1Allowed.exitCode(), v1Allowed::toString);

        CliRun strict = CliRun.run("decrypt", "--key-file", key.toString(), "--in", file("v1.env").toString(),
                "--out", file("v1.out").toString());
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, strict.exitCode(), strict::toString);
        assertFalse(Files.exists(file("v1.out")));

        CliRun allowing = CliRun.run("decrypt", "--key-file", key.toString(), "--in", file("v1.env").toString(),
                "--out", file("v1.out").toString(), "--commitment-policy", "REQUIRE_ENCRYPT_ALLOW_DECRYPT");
        assertEquals(EnvelopeCli.OK, allowing.exitCode(), allowing::toString);
        assertEquals("legacy", Files.readString(file("v1.out")));
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        Path key = writeKey("k", 21);
        Path garbage = file("garbage");
        Files.writeString(garbage, "not a message");
        CliRun r = CliRun.run("decrypt", "--verbose", "--key-file", key.toString(), "--in", garbage.toString(),
                "--out", file("o").toString());
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("\tat "), r.stderr());
    }

    @Test
    void onlyImplementedCommandsAreOffered() {
        CommandLine cmd = EnvelopeCli.commandLine(InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                java.util.Map.of());
        assertEquals(List.of("encrypt", "decrypt", "inspect", "keys", "audit", "serve", "sign", "verify", "cert"),
                List.copyOf(cmd.getSubcommands().keySet()));
        assertEquals(List.of("create", "list", "describe", "rotate", "disable", "enable", "schedule-deletion",
                "cancel-deletion", "alias", "restore"), List.copyOf(cmd.getSubcommands().get("keys").getSubcommands().keySet()));
        assertEquals(List.of("self-signed", "request", "import", "show", "trust", "trusted", "untrust"),
                List.copyOf(cmd.getSubcommands().get("cert").getSubcommands().keySet()));
        CliRun help = CliRun.run("--help");
        assertEquals(EnvelopeCli.OK, help.exitCode());
        assertTrue(help.stdoutText().contains("inspect"), help.stdoutText());
    }
}
