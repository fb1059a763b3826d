package org.envelopejca.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import org.envelopejca.DataKeyUnavailableException;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.MalformedMessageException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/** Turns a decrypt manifest into one dynamic test per vector, plus one test of the manifest's coverage. */
public final class ManifestRunner {

    /** What a vector's result must be. */
    public enum Mode {
        /** As the manifest says: "output" decrypts to the plaintext, "error" fails. */
        AS_MANIFEST,
        /**
         * Every vector must fail with an authentication failure, whatever the manifest says (vectors written by a
         * non-conforming encryptor).
         */
        ALL_MUST_FAIL_AUTHENTICATION
    }

    /** Decides what a failure may be; the description goes into assertion messages. */
    public record FailureRule(String description, Predicate<Throwable> accepts) {

        /** The failures a conforming decryptor reports for a bad message (see the provider's exception table). */
        public static final FailureRule BAD_MESSAGE = new FailureRule(
                "AEADBadTagException or MalformedMessageException",
                t -> t instanceof AEADBadTagException || t instanceof MalformedMessageException);

        /** An authentication failure after the data key was unwrapped. */
        public static final FailureRule AUTHENTICATION = exactly(AEADBadTagException.class);

        /**
         * Failure with exactly this kind of exception: an instance of the class, and for AEADBadTagException not its
         * DataKeyUnavailableException subclass (a failed unwrap is a different finding than a failed tag).
         */
        public static FailureRule exactly(Class<? extends Exception> kind) {
            boolean authentication = kind == AEADBadTagException.class;
            String name = kind.getSimpleName() + (authentication ? " other than DataKeyUnavailableException" : "");
            return new FailureRule(name,
                    t -> kind.isInstance(t) && !(authentication && t instanceof DataKeyUnavailableException));
        }
    }

    private ManifestRunner() {
    }

    /**
     * The folder of the public ESDK vectors, which the build passes as system property {@code esdk.vectors.dir}; test
     * classes that read it are extended with {@link PublicVectors}, which skips them (outside CI) when it is absent.
     */
    public static Path esdkVectorsDir() {
        String dir = System.getProperty("esdk.vectors.dir");
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            fail(String.format(PublicVectors.WHY, dir));
        }
        return Path.of(dir);
    }

    public static Stream<DynamicNode> run(Path manifestFile, Mode mode, ExpectedCounts expected) throws IOException {
        return run(manifestFile, mode, expected, Map.of());
    }

    /**
     * As {@link #run(Path, Mode, ExpectedCounts)}, with the failure each named negative test must show (others:
     * {@link FailureRule#BAD_MESSAGE} or, for {@link Mode#ALL_MUST_FAIL_AUTHENTICATION},
     * {@link FailureRule#AUTHENTICATION}).
     */
    public static Stream<DynamicNode> run(Path manifestFile, Mode mode, ExpectedCounts expected,
                                          Map<String, FailureRule> failureRules) throws IOException {
        DecryptManifest manifest = DecryptManifest.load(manifestFile);
        KeysManifest keys = KeysManifest.load(manifest.keysFile());
        List<DynamicNode> nodes = new ArrayList<>();
        int decrypt = 0;
        int failures = 0;
        int skipped = 0;
        int index = 0;
        for (DecryptTestCase test : manifest.tests()) {
            JcaDecryption.Plan plan = JcaDecryption.plan(test, keys);
            boolean mustDecrypt = mode == Mode.AS_MANIFEST && test.isPositive();
            if (plan.decryption().isEmpty()) {
                skipped++;
            } else if (mustDecrypt) {
                decrypt++;
            } else {
                failures++;
            }
            FailureRule rule = failureRules.getOrDefault(test.id(),
                    mode == Mode.AS_MANIFEST ? FailureRule.BAD_MESSAGE : FailureRule.AUTHENTICATION);
            nodes.add(vectorTest(test, plan, mustDecrypt, rule, index++));
        }
        ExpectedCounts actual = new ExpectedCounts(manifest.tests().size(), decrypt, failures, skipped);
        nodes.add(0, DynamicTest.dynamicTest("manifest coverage " + expected,
                () -> assertEquals(expected, actual, "tests in " + manifestFile.getFileName())));
        return nodes.stream();
    }

    /**
     * For each positive vector written with a required-encryption-context CMM: without the reproduced context the
     * message must not decrypt (client-apis/decrypt.md, framework/required-encryption-context-cmm.md). The raw AES
     * keyring binds the full context to the data key, so the failure may be the unwrap as well as the header tag.
     */
    public static Stream<DynamicNode> requiredContextWithheld(Path manifestFile, int expectedTests) throws IOException {
        DecryptManifest manifest = DecryptManifest.load(manifestFile);
        KeysManifest keys = KeysManifest.load(manifest.keysFile());
        List<DecryptTestCase> tests = manifest.tests().stream()
                .filter(t -> t.requiredContext() && t.isPositive()).toList();
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(DynamicTest.dynamicTest("required-context vectors: " + expectedTests,
                () -> assertEquals(expectedTests, tests.size(),
                        "required-context vectors in " + manifestFile.getFileName())));
        FailureRule rule = new FailureRule("AEADBadTagException", t -> t instanceof AEADBadTagException);
        for (DecryptTestCase test : tests) {
            nodes.add(DynamicTest.dynamicTest(test.id() + " without its required context", () -> {
                JcaDecryption d = JcaDecryption.plan(test.withEncryptionContext(Map.of()), keys).decryption()
                        .orElseThrow();
                byte[] message = Files.readAllBytes(test.ciphertext());
                assertFails(rule, () -> d.decryptWhole(message), "doFinal");
            }));
        }
        return nodes.stream();
    }

    private static DynamicTest vectorTest(DecryptTestCase test, JcaDecryption.Plan plan, boolean mustDecrypt,
                                          FailureRule failureRule, int index) {
        String suite = test.suiteId() >= 0 ? String.format(" [%04X]", test.suiteId()) : "";
        String description = test.description().equals(test.id()) ? "" : " " + test.description();
        return DynamicTest.dynamicTest(test.id() + suite + description, test.ciphertext().toUri(), () -> {
            Optional<JcaDecryption> d = plan.decryption();
            Assumptions.assumeTrue(d.isPresent(), () -> "skipped: " + plan.skipReason());
            byte[] message = Files.readAllBytes(test.ciphertext());
            // chunk sizes vary from vector to vector, deterministically
            int inChunk = 1 + (index * 37) % 97;
            int outChunk = 1 + (index * 11) % 29;
            if (mustDecrypt) {
                byte[] expected = Files.readAllBytes(test.plaintext().orElseThrow());
                Cipher c = d.get().newCipher();
                assertArrayEquals(expected, c.doFinal(message), "doFinal plaintext");
                if (test.suiteId() >= 0) {
                    EnvelopeParameterSpec read = c.getParameters().getParameterSpec(EnvelopeParameterSpec.class);
                    assertEquals(test.suiteId(), read.algorithmSuite().id(), "suite reported after decryption");
                }
                assertArrayEquals(expected, d.get().decryptStreaming(message, inChunk, outChunk),
                        "streamed plaintext (in " + inChunk + ", out " + outChunk + " bytes a read)");
            } else {
                assertFails(failureRule, () -> d.get().decryptWhole(message), "doFinal");
                assertFails(failureRule, () -> d.get().decryptStreaming(message, inChunk, outChunk), "streaming");
            }
        });
    }

    /** A decryption that may throw anything. */
    public interface Decryption {
        byte[] run() throws Exception;
    }

    /** Asserts the decryption fails as the rule allows; returns the JCA exception it failed with. */
    public static Throwable assertFails(FailureRule rule, Decryption decryption, String how) {
        Throwable thrown = assertThrows(Throwable.class, decryption::run, how + " must fail");
        Throwable failure = JcaDecryption.unwrapStreamingFailure(thrown);
        assertTrue(rule.accepts().test(failure),
                () -> how + " must fail with " + rule.description() + ", failed with " + thrown);
        return failure;
    }
}
