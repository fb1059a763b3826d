package org.envelopejca.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.envelopejca.message.CommitmentPolicy;
import org.envelopejca.message.DecryptionSettings;
import org.envelopejca.message.MessageAuthenticationException;
import org.envelopejca.message.MessageDecryptor;
import org.envelopejca.message.MessageException;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ESDK for Java's message format v2 known-answer tests (suites 0x0478 and 0x0578, framed and non-framed, written
 * by the ESDK for C, Java, JavaScript and Python), read through the provider's message layer: each test carries the
 * plaintext data key, which a static keyring hands to the {@link MessageDecryptor}. Tests with status false (two
 * plaintext data keys for one ciphertext, or a wrong data key) must fail key commitment.
 */
@ExtendWith(PublicVectors.class)
class CommitmentKatTest {

    private static final int TESTS = 46;
    private static final int EXPECTED_FAILURES = 5;

    /** One known-answer test, as far as this runner reads it. */
    record Kat(String comment, boolean status, byte[] ciphertext, byte[] dataKey, byte[] messageId,
               Map<String, String> context, byte[] plaintext) {
    }

    @TestFactory
    Stream<DynamicNode> knownAnswers() throws IOException {
        List<Kat> kats = load(ManifestRunner.esdkVectorsDir()
                .resolve("java-commitment-kat/commitment-test-vectors.json"));
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(DynamicTest.dynamicTest("file coverage: " + TESTS + " tests, " + EXPECTED_FAILURES
                + " expected failures", () -> {
            assertEquals(TESTS, kats.size(), "tests");
            assertEquals(EXPECTED_FAILURES, kats.stream().filter(k -> !k.status()).count(), "status false");
        }));
        for (int i = 0; i < kats.size(); i++) {
            Kat kat = kats.get(i);
            int chunk = 1 + (i * 13) % 50;
            nodes.add(DynamicTest.dynamicTest(kat.comment(), () -> {
                if (kat.status()) {
                    MessageDecryptor whole = decryptor(kat);
                    assertArrayEquals(kat.plaintext(), decrypt(whole, kat.ciphertext(), kat.ciphertext().length),
                            "plaintext, whole message");
                    assertArrayEquals(kat.messageId(), whole.header().messageId(), "message ID");
                    assertEquals(kat.context(), whole.header().encryptionContext(), "stored encryption context");
                    assertArrayEquals(kat.plaintext(), decrypt(decryptor(kat), kat.ciphertext(), chunk),
                            "plaintext, " + chunk + " bytes per update");
                } else {
                    assertThrows(MessageAuthenticationException.class,
                            () -> decrypt(decryptor(kat), kat.ciphertext(), kat.ciphertext().length), "whole message");
                    assertThrows(MessageAuthenticationException.class,
                            () -> decrypt(decryptor(kat), kat.ciphertext(), chunk), chunk + " bytes per update");
                }
            }));
        }
        return nodes.stream();
    }

    private static MessageDecryptor decryptor(Kat kat) {
        return new MessageDecryptor(new DecryptionSettings(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT, 0xFFFF,
                Map.of()), new StaticDataKeyKeyring(kat.dataKey()));
    }

    /** Feeds the message {@code chunk} bytes per {@code update}, then calls {@code finish}. */
    private static byte[] decrypt(MessageDecryptor d, byte[] message, int chunk) throws MessageException {
        ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        for (int off = 0; off < message.length; off += chunk) {
            int len = Math.min(chunk, message.length - off);
            byte[] out = new byte[Math.toIntExact(d.maxOutputLength(len))];
            plaintext.write(out, 0, d.update(message, off, len, out, 0));
        }
        byte[] out = new byte[Math.toIntExact(d.maxOutputLength(0))];
        plaintext.write(out, 0, d.finish(message, message.length, 0, out, 0));
        return plaintext.toByteArray();
    }

    private static List<Kat> load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Kat> kats = new ArrayList<>();
        Base64.Decoder b64 = Base64.getDecoder();
        for (JsonNode t : root.path("tests")) {
            Map<String, String> context = new LinkedHashMap<>();
            t.path("encryption-context").properties().forEach(e -> context.put(e.getKey(), e.getValue().asText()));
            ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
            for (JsonNode frame : t.path("plaintext-frames")) {
                plaintext.writeBytes(frame.asText().getBytes(StandardCharsets.UTF_8));
            }
            kats.add(new Kat(t.path("comment").asText(), t.path("status").asBoolean(),
                    b64.decode(t.path("ciphertext").asText()), b64.decode(t.path("decrypted-dek").asText()),
                    b64.decode(t.path("message-id").asText()), context, plaintext.toByteArray()));
        }
        assertTrue(kats.stream().noneMatch(k -> Arrays.equals(k.dataKey(), new byte[0])), "every test has a data key");
        return kats;
    }
}
