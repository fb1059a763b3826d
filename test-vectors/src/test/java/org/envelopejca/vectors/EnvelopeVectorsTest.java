package org.envelopejca.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.envelopejca.vectors.EnvelopeVectorCatalog.Negative;
import org.envelopejca.vectors.EnvelopeVectorCatalog.Plaintext;
import org.envelopejca.vectors.EnvelopeVectorCatalog.Positive;
import org.envelopejca.vectors.ManifestRunner.FailureRule;
import org.envelopejca.vectors.ManifestRunner.Mode;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The vectors this project publishes: they are what the catalog says, and the provider reads them. */
class EnvelopeVectorsTest {

    static final Path DIR = Path.of(EnvelopeVectorCatalog.FOLDER);

    @TestFactory
    Stream<DynamicNode> decryptManifest() throws IOException {
        Map<String, FailureRule> rules = new LinkedHashMap<>();
        for (Negative n : EnvelopeVectorCatalog.NEGATIVES) {
            rules.put(n.name(), FailureRule.exactly(n.failure()));
        }
        int decrypt = EnvelopeVectorCatalog.POSITIVES.size() + EnvelopeVectorCatalog.KEY_SUBSETS.size();
        int fail = EnvelopeVectorCatalog.NEGATIVES.size();
        return ManifestRunner.run(DIR.resolve("manifest.json"), Mode.AS_MANIFEST,
                new ExpectedCounts(decrypt + fail, decrypt, fail, 0), rules);
    }

    @Test
    void manifestListsTheCatalogInOrder() throws IOException {
        List<String> names = DecryptManifest.load(DIR.resolve("manifest.json")).tests().stream()
                .map(DecryptTestCase::id).toList();
        assertEquals(EnvelopeVectorCatalog.testNames(), names);
    }

    @Test
    void plaintextsAreTheDerivedOnes() throws IOException {
        for (Plaintext p : EnvelopeVectorCatalog.PLAINTEXTS) {
            assertArrayEquals(EnvelopeVectorGenerator.plaintextBytes(p),
                    Files.readAllBytes(DIR.resolve("plaintexts").resolve(p.name())), p.name());
        }
    }

    /** Messages are laid out as asked: suite, frame length, a data key per wrapping key, frames (message-body.md). */
    @TestFactory
    Stream<DynamicTest> messagesHaveTheRequestedShape() {
        return EnvelopeVectorCatalog.POSITIVES.stream().map(p -> DynamicTest.dynamicTest(p.name(), () -> {
            byte[] message = Files.readAllBytes(DIR.resolve("ciphertexts").resolve(p.name()));
            MessageLayout layout = MessageLayout.parse(message);
            assertEquals(p.suiteId(), layout.suiteId(), "suite");
            assertEquals(p.suiteId() >= 0x0478 ? 2 : 1, layout.version(), "format version");
            assertEquals(p.frameLength(), layout.frameLength(), "frame length");
            assertEquals(p.keys().size(), layout.edkCount(), "encrypted data keys");
            int plaintextLength = plaintextLength(p);
            List<MessageLayout.Frame> frames = layout.frames();
            MessageLayout.Frame last = frames.get(frames.size() - 1);
            assertTrue(last.isFinal() && frames.stream().filter(MessageLayout.Frame::isFinal).count() == 1,
                    "exactly one final frame, the last");
            assertTrue(last.contentLength() <= p.frameLength(), "final frame not longer than the frame length");
            assertEquals(plaintextLength, (long) (frames.size() - 1) * p.frameLength() + last.contentLength(),
                    "frames carry the plaintext length");
        }));
    }

    @Test
    void vectorsStaySmall() throws IOException {
        long total;
        try (Stream<Path> files = Files.walk(DIR)) {
            total = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertTrue(total < 200 * 1024, "envelope vectors take " + total + " bytes");
    }

    private static int plaintextLength(Positive p) {
        return EnvelopeVectorCatalog.PLAINTEXTS.stream().filter(t -> t.name().equals(p.plaintext())).findFirst()
                .orElseThrow().length();
    }
}
