package org.envelopejca.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.envelopejca.kms.AliasEntry;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.Page;
import org.envelopejca.kms.local.AuditLog;
import org.envelopejca.kms.local.AuditVerification;
import org.envelopejca.kms.local.AuditSync;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.envelopejca.kms.local.StoreWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded KMS's writer killed with SIGKILL ({@code Process.destroyForcibly}) at random points of key creation,
 * rotation and alias changes, round after round on one store (the churn worker of the local KMS tests). After every
 * round: the store opens, every key, alias and rotation the worker reported as returned is there, each committed
 * key still encrypts and decrypts, no temporary file is left, and the audit chain verifies, or names the line where
 * it broke. {@code hardening.killRounds} rounds (3 by default).
 */
class KillRoundsTest {
    @TempDir
    Path dir;
    @TempDir
    Path outputs;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process churn(String prefix, Path output) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), StoreWorker.class.getName(), dir.toString(), "churn", prefix, "0");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.redirectOutput(output.toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    @Test
    void storeSurvivesEveryKill() throws Exception {
        int rounds = Scale.intOf("hardening.killRounds", 3);
        Random random = new Random(Scale.of("hardening.seed", 20261128L));
        Set<String> committed = new HashSet<>();
        Set<String> aliases = new HashSet<>();
        Set<String> rotated = new HashSet<>();
        int brokenAudits = 0;
        int earlyKills = 0;
        for (int round = 0; round < rounds; round++) {
            Path output = outputs.resolve("round-" + round + ".out");
            Process p = churn("k" + round, output);
            if (round > 0 && random.nextInt(5) == 0) {
                // Anywhere from JVM start-up through opening the store to the first calls.
                earlyKills++;
                Thread.sleep(random.nextInt(1500));
            } else {
                int stopAfter = 2 + random.nextInt(15);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (Files.readAllLines(output).size() < stopAfter && p.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                assertTrue(p.isAlive(), "round " + round + ": the worker stopped by itself");
                Thread.sleep(random.nextInt(40));
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                String[] words = line.split(" ");
                switch (words[0]) {
                    case "KEY" -> committed.add(words[1]);
                    case "ALIAS" -> aliases.add(words[1]);
                    case "ROTATED" -> rotated.add(words[1]);
                    default -> { }
                }
            }
            if (!checkStore("round " + round, committed, aliases, rotated)) {
                brokenAudits++;
            }
        }
        System.out.println("HARDENING-KILL rounds=" + rounds + " earlyKills=" + earlyKills + " keys=" + committed.size()
                + " aliases=" + aliases.size() + " rotations=" + rotated.size() + " brokenAudits=" + brokenAudits);
        assertTrue(committed.size() >= rounds - earlyKills, "the workers did work");
    }

    /** Whether the audit chain verified (when it did not, it must say where it broke). */
    private boolean checkStore(String where, Set<String> committed, Set<String> aliases, Set<String> rotated)
            throws Exception {
        AuditVerification audit;
        try (LocalKms kms = LocalKms.open(dir, LocalKmsOptions.builder().auditSync(AuditSync.OPERATING_SYSTEM).build())) {
            // Verified before this check's own calls append to it.
            audit = AuditLog.verify(kms.auditLogFile());
            if (!audit.ok()) {
                assertTrue(audit.brokenLine() >= 1, where + ": " + audit);
                assertNotNull(audit.problem(), where + ": " + audit);
            }
            Set<String> present = new HashSet<>();
            String marker = null;
            do {
                Page<KeyMetadata> page = kms.listKeys(1000, marker);
                page.items().forEach(k -> present.add(k.keyId()));
                marker = page.nextMarker();
            } while (marker != null);
            assertTrue(present.containsAll(committed), where + ": committed keys lost");
            Set<String> aliasNames = new HashSet<>();
            marker = null;
            do {
                Page<AliasEntry> page = kms.listAliases(null, 1000, marker);
                page.items().forEach(a -> aliasNames.add(a.aliasName()));
                marker = page.nextMarker();
            } while (marker != null);
            assertTrue(aliasNames.containsAll(aliases), where + ": committed aliases lost");
            for (String keyId : rotated) {
                assertTrue(kms.keyVersionCount(keyId) >= 2, where + ": rotation of " + keyId + " lost");
            }
            byte[] probe = {4, 2};
            for (String keyId : committed) {
                byte[] blob = kms.encrypt(keyId, probe, Map.of(), EncryptionAlgorithm.SYMMETRIC_DEFAULT).ciphertextBlob();
                assertArrayEquals(probe, kms.decrypt(blob, keyId, Map.of(), EncryptionAlgorithm.SYMMETRIC_DEFAULT)
                        .plaintext(), where + ": key " + keyId + " no longer round-trips");
            }
        }
        try (var leftovers = Files.newDirectoryStream(dir, "*.tmp-*")) {
            assertFalse(leftovers.iterator().hasNext(), where + ": temporary files of the killed writer remain");
        }
        return audit.ok();
    }
}
