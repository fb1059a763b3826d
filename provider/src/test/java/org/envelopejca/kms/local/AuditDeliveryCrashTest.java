package org.envelopejca.kms.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.envelopejca.kms.aws.MotoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * kill -9 during delivery: a child JVM runs the engine with delivery every 30 ms and a digest every 200 ms while it
 * makes calls, and is killed at a random moment, in rounds; then one more start delivers the rest. Nothing is lost
 * (every audit line reaches the bucket), nothing is doubled (an interrupted upload is repeated to the same object)
 * and the bucket verifies. Rounds: {@code -Daudit.delivery.crash.rounds} (default 1; the figures in RELIABILITY.md come from more).
 */
@ExtendWith(MotoServer.class)
class AuditDeliveryCrashTest {
    private static final int ROUNDS = Integer.getInteger("audit.delivery.crash.rounds", 1);

    @TempDir
    Path dir;

    @Test
    void killedWhileDeliveringLosesNothing() throws Exception {
        DeliveryFixture.credentials();
        String bucket = DeliveryFixture.unique("crash");
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        int interrupted = 0;
        try (S3Client s3 = DeliveryFixture.s3()) {
            s3.createBucket(b -> b.bucket(bucket));
            for (int round = 0; round < ROUNDS; round++) {
                Process p = start(bucket);
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8));
                assertEquals("READY", out.readLine(), "round " + round + " (seed " + seed + ")");
                // the child's output is drained so that its calls never wait for this thread
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // CALL n lines
                        }
                    } catch (java.io.IOException ignored) {
                        // the child was killed
                    }
                });
                drain.setDaemon(true);
                drain.start();
                // once this round's engine has delivered a file, the kill comes at a random moment: inside an
                // upload, a digest, or between them
                AuditDeliveryState before = AuditDeliveryState.read(dir);
                long filesBefore = before == null ? 0 : before.deliveredFiles();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline && p.isAlive()) {
                    AuditDeliveryState now = AuditDeliveryState.read(dir);
                    if (now != null && now.deliveredFiles() > filesBefore) {
                        break;
                    }
                    Thread.sleep(10);
                }
                Thread.sleep(random.nextInt(800));
                p.destroyForcibly();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                drain.join(10_000);
                AuditDeliveryState after = AuditDeliveryState.read(dir);
                if (after != null && (after.pendingFile() != null || after.pendingDigestEnd() != null)) {
                    interrupted++;
                }
            }
            try (LocalKms kms = DeliveryFixture.open(dir, DeliveryFixture.settings(bucket, MotoServer.endpoint(),
                    Duration.ofHours(1), Duration.ofMillis(10)))) {
                assertTrue(kms.auditDelivery().deliverNow(false));
                // one signing key, however often a kill came while it was being made
                long signingKeys = kms.listKeys(1000, null).items().stream()
                        .filter(k -> k.keySpec() == org.envelopejca.kms.KeySpec.RSA_2048).count();
                assertEquals(1, signingKeys, "seed " + seed);
            }
            AuditDeliveryStatus status = AuditDeliveryStatus.read(dir, dir.resolve(AuditLog.DEFAULT_NAME));
            assertNull(status.lastError(), status.toString());
            assertNull(status.interrupted());
            assertTrue(status.pendingRecords() <= 2, status.toString());
            List<JsonNode> lines = DeliveryFixture.auditLines(dir);
            List<JsonNode> records = DeliveryFixture.deliveredRecords(s3, bucket);
            // every line up to the last two (the final digest's own calls) delivered, none twice
            int expected = (int) (lines.size() - status.pendingRecords());
            assertEquals(expected, records.size(), "seed " + seed);
            Set<String> delivered = new HashSet<>();
            records.forEach(r -> delivered.add(r.path("eventID").asText()));
            assertEquals(expected, delivered.size(), "no record twice (seed " + seed + ")");
            for (int i = 0; i < expected; i++) {
                assertTrue(delivered.contains(lines.get(i).path("eventID").asText()),
                        "line " + (i + 1) + " delivered (seed " + seed + ")");
            }
            AuditBucketVerification.Report report = DeliveryFixture.verify(s3, bucket, dir);
            assertTrue(report.ok(), report.problems() + " (seed " + seed + ")");
            System.out.println("AuditDeliveryCrashTest: " + ROUNDS + " kill -9 rounds, " + interrupted
                    + " of them inside an upload or a digest; " + records.size() + " records in " + report.files()
                    + " files and " + report.digests() + " digests delivered and verified, none lost or doubled");
        }
    }

    private Process start(String bucket) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1",
                "-Daws.accessKeyId=" + System.getProperty("aws.accessKeyId"),
                "-Daws.secretAccessKey=" + System.getProperty("aws.secretAccessKey"),
                "-cp", System.getProperty("java.class.path"), DeliveryWorker.class.getName(), dir.toString(), bucket,
                MotoServer.endpoint().toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }
}
