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
    void readsStandardInputLikeAFile() throws IOException {
        Path file = encrypt("--frame-length", "1024");
        byte[] message = Files.readAllBytes(file);
        CliRun r = CliRun.run(message, "inspect", "--in", "-");
        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        assertEquals(CliRun.run("inspect", file.toString()).stdoutText(), r.stdoutText());
        assertEquals(String.valueOf(message.length), field(r.stdoutText(), "message length"));
    }

    @Test
    void countsFramesWithoutAKey() throws IOException {
        // 5000 bytes in frames of 1024: four full frames and a final one of 904 bytes
        Path message = encrypt("--frame-length", "1024");
        CliRun r = CliRun.run("inspect", message.toString());
        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        String report = r.stdoutText();
        assertEquals("5 (4 full of 1024 bytes, and the final frame)", field(report, "frames"));
        assertEquals("904", field(report, "final frame length"));
        assertEquals("absent (the suite does not sign)", field(report, "signature footer"));
        assertEquals(String.valueOf(Files.size(message)), field(report, "message length"));
    }

    @Test
    void aContentOfWholeFramesEndsWithAFinalFrameNoLongerThanOne() throws IOException {
        Path message = encrypt("--frame-length", "1000");
        String report = CliRun.run("inspect", message.toString()).stdoutText();
        long frames = Long.parseLong(field(report, "frames").split(" ")[0]);
        long finalLength = Long.parseLong(field(report, "final frame length"));
        assertTrue(finalLength <= 1000, report);
        assertEquals(5000, (frames - 1) * 1000 + finalLength, report);
    }

    @Test
    void findsTheSignatureFooterOfASigningSuite() throws IOException {
        Path message = encrypt("--suite", "0x0578");
        String report = CliRun.run("inspect", message.toString()).stdoutText();
        assertEquals("1 (0 full of 65536 bytes, and the final frame)", field(report, "frames"));
        assertEquals("5000", field(report, "final frame length"));
        // an ECDSA P-384 signature in DER: 102 to 104 bytes
        assertTrue(field(report, "signature footer").matches("present \\(10[2-4] bytes of signature\\)"), report);
        assertEquals(String.valueOf(Files.size(message)), field(report, "message length"));
    }

    @Test
    void aTruncatedBodyFailsAfterTheHeaderIsShown() throws IOException {
        byte[] message = Files.readAllBytes(encrypt("--frame-length", "1024"));
        int headerLength = Integer.parseInt(field(CliRun.run(message, "inspect", "-").stdoutText(), "header length"));
        for (int length : new int[] {headerLength, headerLength + 3, message.length - 1}) {
            CliRun r = CliRun.run(Arrays.copyOf(message, length), "inspect", "-");
            assertEquals(EnvelopeCli.DECRYPTION_FAILED, r.exitCode(), r::toString);
            assertTrue(r.stderr().startsWith("envelope inspect: not a valid message: input ends inside "), r::toString);
            assertTrue(r.stdoutText().contains("header length: " + headerLength + "\n"), r.stdoutText());
        }
        CliRun cut = CliRun.run(Arrays.copyOf(message, headerLength + 3), "inspect", "-");
        assertTrue(cut.stderr().contains("inside frame 1 "), cut::toString);
    }

    /**
     * A non-framed body (data-format/message-body.md: IV, u64 length, content, tag) after a v2 header turned
     * non-framed: content type 0x01 and frame length 0, the two fields before the 32-byte suite data and the tag.
     * Inspect does not authenticate the header, so the edited header serves.
     */
    @Test
    void describesANonFramedBody() throws IOException {
        byte[] message = Files.readAllBytes(encrypt());
        int headerLength = Integer.parseInt(field(CliRun.run(message, "inspect", "-").stdoutText(), "header length"));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(headerLength + 12 + 8 + 100 + 16);
        b.put(message, 0, headerLength);
        int contentType = headerLength - 16 - 32 - 4 - 1;
        assertEquals(2, b.get(contentType), "framed before the edit");
        b.put(contentType, (byte) 1).putInt(contentType + 1, 0);
        b.put(new byte[12]).putLong(100).put(new byte[100 + 16]);
        CliRun r = CliRun.run(b.array(), "inspect", "-");
        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        assertEquals("non-framed", field(r.stdoutText(), "content type"));
        assertEquals("none (non-framed body of 100 bytes)", field(r.stdoutText(), "frames"));
        assertEquals(String.valueOf(b.capacity()), field(r.stdoutText(), "message length"));
    }

    @Test
    void warnsOfBytesAfterTheMessage() throws IOException {
        Path message = encrypt();
        Files.write(message, new byte[7], java.nio.file.StandardOpenOption.APPEND);
        CliRun r = CliRun.run("inspect", message.toString());
        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        assertTrue(r.stdoutText().contains("warning: the input goes on after the message (7 bytes)"), r.stdoutText());
    }

    @Test
    void theFileIsNamedOnce() throws IOException {
        Path message = encrypt();
        assertEquals(EnvelopeCli.USAGE, CliRun.run("inspect").exitCode());
        assertEquals(EnvelopeCli.USAGE, CliRun.run("inspect", message.toString(), "--in", message.toString())
                .exitCode());
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
