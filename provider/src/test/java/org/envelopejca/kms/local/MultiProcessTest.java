package org.envelopejca.kms.local;

import org.envelopejca.kms.KeyMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Separate JVMs on one store directory: concurrent writers, and writers killed at random points. */
class MultiProcessTest {
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

    private Process worker(String mode, String prefix, int count) throws IOException {
        return worker(mode, prefix, count, null);
    }

    private Process worker(String mode, String prefix, int count, Path output) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), StoreWorker.class.getName(), dir.toString(), mode, prefix,
                Integer.toString(count));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        if (output != null) {
            pb.redirectOutput(output.toFile());
        }
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static BufferedReader lines(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void twoJvmsCreatingConcurrentlyLoseNoUpdate() throws Exception {
        int count = 15;
        Process a = worker("create", "a", count);
        Process b = worker("create", "b", count);
        Set<String> reported = new HashSet<>();
        for (Process p : List.of(a, b)) {
            try (BufferedReader r = lines(p)) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("KEY ")) {
                        reported.add(line.substring(4));
                    }
                }
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        }
        assertEquals(2 * count, reported.size());
        try (LocalKms kms = Stores.open(dir)) {
            Set<String> present = new HashSet<>();
            for (KeyMetadata k : kms.listKeys(1000, null).items()) {
                present.add(k.keyId());
            }
            assertEquals(reported, present);
            assertEquals(2 * count, kms.listAliases(null, 1000, null).items().size());
            for (int i = 0; i < count; i++) {
                kms.describeKey("alias/a/" + i);
                kms.describeKey("alias/b/" + i);
            }
        }
        AuditVerification v = AuditLog.verify(dir.resolve(AuditLog.DEFAULT_NAME));
        assertTrue(v.ok(), v.toString());
        // Two workers' CreateKey and CreateAlias, then ListKeys, ListAliases and 2·count DescribeKey here.
        assertEquals(4 * count + 2 + 2 * count, v.lines());
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void writerKilledAtRandomPointsLeavesAUsableStore() throws Exception {
        Random random = new Random(20261128);
        Set<String> committed = new HashSet<>();
        Set<String> aliases = new HashSet<>();
        Set<String> rotated = new HashSet<>();
        int rounds = 5;
        for (int round = 0; round < rounds; round++) {
            // The child's output goes to a file, so that after the kill every line it printed (each printed
            // only once its call returned) can still be read.
            Path output = outputs.resolve("round-" + round + ".out");
            Process p = worker("churn", "r" + round, 0, output);
            int stopAfter = 2 + random.nextInt(15);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.readAllLines(output).size() < stopAfter && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(random.nextInt(40));
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            List<String> printed = Files.readAllLines(output);
            assertTrue(printed.size() >= stopAfter, "round " + round + ": the worker ran: " + printed);
            for (String line : printed) {
                String[] words = line.split(" ");
                switch (words[0]) {
                    case "KEY" -> committed.add(words[1]);
                    case "ALIAS" -> aliases.add(words[1]);
                    case "ROTATED" -> rotated.add(words[1]);
                    default -> { }
                }
            }
            AuditVerification v = AuditLog.verify(dir.resolve(AuditLog.DEFAULT_NAME));
            assertTrue(v.ok(), "round " + round + ": " + v);

            try (LocalKms kms = Stores.open(dir)) {
                Set<String> present = new HashSet<>();
                for (KeyMetadata k : kms.listKeys(1000, null).items()) {
                    present.add(k.keyId());
                }
                assertTrue(present.containsAll(committed), "round " + round + ": committed keys lost");
                Set<String> aliasNames = new HashSet<>();
                kms.listAliases(null, 1000, null).items().forEach(a -> aliasNames.add(a.aliasName()));
                assertTrue(aliasNames.containsAll(aliases), "round " + round + ": committed aliases lost");
                for (String keyId : rotated) {
                    assertTrue(kms.keyVersionCount(keyId) >= 2, "round " + round + ": rotation lost");
                }
            }
            try (var leftovers = Files.newDirectoryStream(dir, "*.tmp-*")) {
                assertFalse(leftovers.iterator().hasNext(), "temporary files of the killed writer are cleaned up");
            }
        }
        AuditVerification v = AuditLog.verify(dir.resolve(AuditLog.DEFAULT_NAME));
        assertTrue(v.ok(), v.toString());
        assertTrue(committed.size() >= rounds, "the workers did work");
    }
}
