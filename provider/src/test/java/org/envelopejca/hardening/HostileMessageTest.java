package org.envelopejca.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyGenerator;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsLoadStoreParameter;
import org.envelopejca.kms.local.AuditSync;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.envelopejca.properties.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile messages of every suite, key kind and framing: mutated, truncated, spliced, extended, with length and
 * count fields set to extremes. See {@link HostileMessageFuzzer} for the promises checked. Scaled by
 * {@code hardening.cases} and {@code hardening.forkedCases}; {@code hardening.seed} picks another run.
 */
class HostileMessageTest {
    private static final long SEED = Scale.of("hardening.seed", 20261128L);
    /** A case decrypts a message of a few KiB at most: a case taking this long is stuck, not slow. */
    private static final long HANG_GUARD_MILLIS = 30_000;

    @TempDir
    Path dir;

    @Test
    void hostileMessagesReleaseOnlyVerifiedPlaintextAndThrowOnlyDocumentedExceptions() throws Exception {
        long cases = Scale.of("hardening.cases", 5000);
        // Besides raw keys, messages under a KMS key of a KeyStore over the embedded engine: their aws-kms EDKs
        // reach the KMS keyring and the engine.
        try (LocalKms local = LocalKms.open(dir, LocalKmsOptions.builder().auditSync(AuditSync.OPERATING_SYSTEM).build())) {
            KeyStore store = KeyStore.getInstance("KMS", Messages.PROVIDER);
            store.load(KmsLoadStoreParameter.of(KeyStoreConfig.local(dir), local));
            store.setKeyEntry("fuzz", KeyGenerator.getInstance("KMS", Messages.PROVIDER).generateKey(), null, null);
            HostileMessageFuzzer fuzzer = new HostileMessageFuzzer(SEED, Corpus.kms(store.getKey("fuzz", null), SEED));
            // A deadlock guard, not a performance bound.
            FuzzSummary summary = assertTimeoutPreemptively(Duration.ofMinutes(60), () -> fuzzer.run(cases));
            System.out.println(summary.line() + " corpus=" + fuzzer.corpusSize() + " seed=" + SEED);
            assertVerdict(summary.line(), summary.examples(), cases);
        }
    }

    /**
     * The same in a JVM with a 64 MiB heap. Length fields claiming up to 2^32 − 1 (frames), 2^64 − 1 (non-framed
     * content) or 65 535 EDKs must not be allocated before they are read: otherwise OutOfMemoryError, a violation.
     */
    @Test
    void hostileMessagesInASmallHeapAllocateNothingTheyClaim() throws Exception {
        long cases = Scale.of("hardening.forkedCases", 2000);
        Path output = dir.resolve("fuzz.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), HostileMessageFuzzMain.class.getName(), Long.toString(cases),
                Long.toString(SEED + 1));
        pb.redirectErrorStream(true);
        pb.redirectOutput(output.toFile());
        Process process = pb.start();
        try {
            // A hang guard, not a performance bound.
            assertTrue(process.waitFor(60, TimeUnit.MINUTES), "the forked fuzzer did not finish");
        } finally {
            process.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        String summary = lines.stream().filter(l -> l.startsWith(FuzzSummary.PREFIX)).findFirst().orElse(null);
        assertNotNull(summary, () -> "no summary from the forked fuzzer (exit " + process.exitValue() + "): " + tail(lines));
        System.out.println(summary + " (forked, -Xmx64m, seed=" + (SEED + 1) + ")");
        assertEquals(0, process.exitValue(), () -> tail(lines));
        assertVerdict(summary, lines.stream().filter(l -> !l.startsWith(FuzzSummary.PREFIX)).toList(), cases);
        assertEquals(64, FuzzSummary.parse(summary).get("maxHeapMiB"), 4, "the child ran with the small heap");
    }

    /**
     * With the limits raised to their maximum ({@code maxEncryptedDataKeys(65535)}), headers of 65 535 EDKs in a
     * 64 MiB heap: one whose fields claim (and carry) 12 GiB is refused at the header cap with
     * MalformedMessageException; the largest header under the cap is held and fails on its data key. No
     * OutOfMemoryError.
     */
    @Test
    void hugeHeadersWithTheLimitsAtTheirMaximumAreRefusedInASmallHeap() throws Exception {
        Path output = dir.resolve("huge.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), HugeHeaderMain.class.getName());
        pb.redirectErrorStream(true);
        pb.redirectOutput(output.toFile());
        Process process = pb.start();
        try {
            // A hang guard, not a performance bound.
            assertTrue(process.waitFor(10, TimeUnit.MINUTES), "the forked reader did not finish");
        } finally {
            process.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith(HugeHeaderMain.PREFIX)).toList();
        lines.forEach(l -> System.out.println(l.length() > 300 ? l.substring(0, 300) + "..." : l));
        assertEquals(0, process.exitValue(), () -> String.join("\n", lines));
        assertEquals(2, lines.size(), () -> String.join("\n", lines));
        assertTrue(lines.get(0).contains("name=claimed") && lines.get(0).contains("result=MalformedMessageException"),
                lines.get(0));
        assertTrue(lines.get(1).contains("name=largest") && lines.get(1).contains("result=DataKeyUnavailableException"),
                lines.get(1));
    }

    private static void assertVerdict(String line, List<String> examples, long cases) {
        Map<String, Long> values = FuzzSummary.parse(line);
        String report = line + "\n" + String.join("\n", examples);
        assertEquals(cases, values.get("cases"), report);
        assertTrue(values.get("hugeClaims") > cases / 50, "too few huge length claims: " + report);
        assertEquals(0, values.get("violations"), report);
        assertEquals(0, values.get("neutral"), () -> "mutations that decrypted to the original plaintext: " + report);
        assertEquals(cases, values.get("badTag") + values.get("dataKeyUnavailable") + values.get("malformed"), report);
        assertTrue(values.get("maxCaseMillis") < HANG_GUARD_MILLIS, report);
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

}
