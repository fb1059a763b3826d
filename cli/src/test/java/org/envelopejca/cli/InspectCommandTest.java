package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

    @TempDir
    Path dir;

    private Path encrypt(String... extra) throws IOException {
        Path in = dir.resolve("plain");
        Files.write(in, new byte[5000]);
        Path out = dir.resolve("message.env");
        List<String> args = new java.util.ArrayList<>(List.of("encrypt", "--generate-key", "--key-file",
                dir.resolve("k").toString(), "--in", in.toString(), "--out", out.toString()));
        args.addAll(Arrays.asList(extra));
        CliRun r = CliRun.run(args.toArray(String[]::new));
        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        return out;
    }

    private static String field(String report, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + ": (.*)$").matcher(report);
        assertTrue(m.find(), () -> name + " in\n" + report);
        return m.group(1);
    }

    @Test
    void printsTheHeaderOfADefaultMessage() throws IOException {
        Path message = encrypt("-c", "purpose=test", "-c", "tenant=a", "--key-name", "orders");

        CliRun r = CliRun.run("inspect", "--in", message.toString());

        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        String report = r.stdoutText();
        assertEquals("2", field(report, "message format version"));
        assertEquals("0x0478 AES_256_GCM_HKDF_SHA512_COMMIT_KEY", field(report, "algorithm suite"));
        assertTrue(field(report, "message ID").matches("[0-9a-f]{64}"), report);
        assertEquals("2 entries", field(report, "encryption context"));
        assertTrue(report.contains("\n  purpose = test\n  tenant = a\n"), report);
        assertEquals("1", field(report, "encrypted data keys"));
        assertTrue(report.contains("1. provider ID: envelope\n"), report);
        assertTrue(report.matches("(?s).*provider info: key name \"orders\", raw AES wrapping: tag 128 bits, "
                + "IV [0-9a-f]{24}\n.*"), report);
        // a wrapped 32-byte data key and its 16-byte tag
        assertTrue(report.contains("ciphertext: 48 bytes\n"), report);
        assertEquals("framed", field(report, "content type"));
        assertEquals("65536", field(report, "frame length"));
        assertEquals("", r.stderr());
    }

    @Test
    void printsTheSuiteFrameLengthAndSigningKeyOfASignedMessage() throws IOException {
        Path message = encrypt("--suite", "0x0578", "--frame-length", "1000");

        CliRun r = CliRun.run("inspect", "--in", message.toString());

        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        String report = r.stdoutText();
        assertEquals("0x0578 AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384", field(report, "algorithm suite"));
        assertEquals("1000", field(report, "frame length"));
        // the public key of the trailing signature is stored context (data-format/message-footer.md)
        assertTrue(report.contains("\n  aws-crypto-public-key = "), report);
    }

    @Test
    void readsStandardInputAndOnlyTheHeader() throws IOException {
        byte[] message = Files.readAllBytes(encrypt());
        CliRun r = CliRun.run(message, "inspect", "--in", "-");
        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        int headerLength = Integer.parseInt(field(r.stdoutText(), "header length"));
        assertTrue(headerLength > 0 && headerLength < message.length);

        // the header alone is enough
        CliRun headerOnly = CliRun.run(Arrays.copyOf(message, headerLength), "inspect", "--in", "-");
        assertEquals(EnvelopeCli.OK, headerOnly.exitCode(), headerOnly::toString);
        assertEquals(r.stdoutText(), headerOnly.stdoutText());
    }

    @Test
    void rejectsWhatIsNotAHeader() throws IOException {
        byte[] message = Files.readAllBytes(encrypt());
        Path truncated = dir.resolve("truncated");
        Files.write(truncated, Arrays.copyOf(message, 30));
        Path garbage = dir.resolve("garbage");
        Files.writeString(garbage, "hello, this is text");

        for (Path p : List.of(truncated, garbage)) {
            CliRun r = CliRun.run("inspect", "--in", p.toString());
            assertEquals(EnvelopeCli.DECRYPTION_FAILED, r.exitCode(), r::toString);
            List<String> lines = r.stderr().lines().collect(Collectors.toList());
            assertEquals(1, lines.size(), r.stderr());
            assertTrue(lines.get(0).startsWith("envelope inspect: not a valid message: "), r.stderr());
            assertEquals("", r.stdoutText());
        }
    }
}
