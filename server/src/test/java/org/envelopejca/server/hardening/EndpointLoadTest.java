package org.envelopejca.server.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.envelopejca.hardening.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * The KMS endpoint under a bounded load on loopback: {@code hardening.loadThreads} client threads, each with its own
 * unmodified SDK client (no retries, so that a refused request is an error), issue GenerateDataKey and, every fourth
 * time, Decrypt of the blob just generated, for {@code hardening.loadSeconds}. Checks: no error; no request throttled
 * by the worker pool (none in the endpoint's refusal log); every request reached the engine once (its audit log);
 * the used heap after GC grows by less than {@value #HEAP_GROWTH_BOUND_MIB} MiB from the end of the first fifth of the
 * run to its end (a leak guard; rates are reported, not asserted).
 */
class EndpointLoadTest {
    private static final long HEAP_GROWTH_BOUND_MIB = 64;
    private static final int DECRYPT_EVERY = 4;

    @TempDir
    Path dir;

    @Test
    void boundedLoadKeepsNoErrorsNoRefusalsAndAFlatHeap() throws Exception {
        int seconds = Scale.intOf("hardening.loadSeconds", 10);
        int threads = Scale.intOf("hardening.loadThreads", 3);
        try (Endpoint endpoint = new Endpoint(dir)) {
            String keyId;
            try (KmsClient admin = endpoint.client()) {
                keyId = admin.createKey(b -> b.description("load")).keyMetadata().arn();
            }
            AtomicLong generated = new AtomicLong();
            AtomicLong decrypted = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            List<String> firstErrors = new CopyOnWriteArrayList<>();
            AtomicLongArray perSecond = new AtomicLongArray(seconds + 2);
            CyclicBarrier start = new CyclicBarrier(threads + 1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long[] heap = new long[2];
            long[] requestsAtBaseline = new long[1];
            long elapsedNanos;
            try {
                List<Future<?>> futures = new ArrayList<>();
                // A hang guard, not a performance bound.
                elapsedNanos = assertTimeoutPreemptively(Duration.ofSeconds(seconds + 120L), () -> {
                    for (int t = 0; t < threads; t++) {
                        String lane = Integer.toString(t);
                        futures.add(pool.submit(() -> {
                            try (KmsClient client = endpoint.client()) {
                                start.await();
                                long t0 = System.nanoTime();
                                long deadline = t0 + Duration.ofSeconds(seconds).toNanos();
                                for (long i = 0; System.nanoTime() < deadline; i++) {
                                    int done = 1;
                                    try {
                                        done = call(client, keyId, lane, i, generated, decrypted);
                                    } catch (RuntimeException | AssertionError e) {
                                        errors.incrementAndGet();
                                        if (firstErrors.size() < 5) {
                                            firstErrors.add(e.toString());
                                        }
                                    }
                                    int second = (int) ((System.nanoTime() - t0) / 1_000_000_000L);
                                    perSecond.addAndGet(Math.min(second, seconds + 1), done);
                                }
                            }
                            return null;
                        }));
                    }
                    start.await();
                    long t0 = System.nanoTime();
                    // The baseline after the first fifth: class loading, JIT and connection set-up are behind us.
                    Thread.sleep(Math.max(1000L, seconds * 200L));
                    requestsAtBaseline[0] = generated.get() + decrypted.get();
                    heap[0] = usedHeapAfterGc();
                    for (Future<?> f : futures) {
                        f.get();
                    }
                    long elapsed = System.nanoTime() - t0;
                    heap[1] = usedHeapAfterGc();
                    return elapsed;
                });
            } finally {
                pool.shutdownNow();
            }
            long requests = generated.get() + decrypted.get();
            long throttled = refusalsNamed(endpoint.refusals.path(), "ThrottlingException");
            long refusals = refusalsNamed(endpoint.refusals.path(), "");
            long engineGenerated = auditEvents(endpoint, "GenerateDataKey");
            long engineDecrypted = auditEvents(endpoint, "Decrypt");
            List<Long> series = new ArrayList<>();
            for (int s = 0; s < seconds; s++) {
                series.add(perSecond.get(s));
            }
            // The first second holds the connection set-up and JIT warm-up: not part of the steady range.
            List<Long> steady = series.subList(Math.min(1, seconds - 1), seconds);
            double rate = requests / (elapsedNanos / 1e9);
            double growthMib = (heap[1] - heap[0]) / 1048576.0;
            System.out.printf("HARDENING-ENDPOINT-LOAD threads=%d seconds=%d requests=%d generateDataKey=%d decrypt=%d"
                            + " errors=%d throttled=%d refusals=%d rate=%.0f/s steadyPerSecondMin=%d steadyPerSecondMax=%d"
                            + " perSecond=%s heapAfterGcStartMiB=%.1f heapAfterGcEndMiB=%.1f growthMiB=%.1f"
                            + " requestsAfterBaseline=%d%n",
                    threads, seconds, requests, generated.get(), decrypted.get(), errors.get(), throttled, refusals,
                    rate, Collections.min(steady), Collections.max(steady), series, heap[0] / 1048576.0,
                    heap[1] / 1048576.0, growthMib, requests - requestsAtBaseline[0]);
            assertEquals(0, errors.get(), "errors, first ones: " + firstErrors);
            assertEquals(0, throttled, "requests the worker pool refused");
            assertEquals(0, refusals, "requests refused before the engine");
            assertTrue(generated.get() > 0 && decrypted.get() > 0, "the load ran");
            assertEquals(generated.get(), engineGenerated, "GenerateDataKey calls the engine audited");
            assertEquals(decrypted.get(), engineDecrypted, "Decrypt calls the engine audited");
            assertTrue(growthMib < HEAP_GROWTH_BOUND_MIB, "used heap after GC grew by " + growthMib + " MiB");
        }
    }

    /**
     * One GenerateDataKey; every {@value #DECRYPT_EVERY}th time also Decrypt of its blob, compared. Returns the number
     * of requests made.
     */
    private static int call(KmsClient client, String keyId, String lane, long i, AtomicLong generated,
                             AtomicLong decrypted) {
        Map<String, String> context = Map.of("lane", lane, "slot", Long.toString(i % 8));
        GenerateDataKeyResponse key = client.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)
                .encryptionContext(context));
        generated.incrementAndGet();
        byte[] plaintext = key.plaintext().asByteArray();
        assertEquals(32, plaintext.length, "data key length");
        if (i % DECRYPT_EVERY == 0) {
            DecryptResponse opened = client.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(
                    key.ciphertextBlob().asByteArray())).encryptionContext(context).keyId(keyId));
            decrypted.incrementAndGet();
            assertArrayEquals(plaintext, opened.plaintext().asByteArray(), "Decrypt returned another data key");
            assertEquals(keyId, opened.keyId());
            return 2;
        }
        return 1;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Lines of the endpoint's refusal log whose error is {@code errorCode} (every line for ""). */
    private static long refusalsNamed(Path log, String errorCode) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.readAllLines(log).stream()
                .filter(line -> line.contains("\"errorCode\":\"" + errorCode)).count();
    }

    private static long auditEvents(Endpoint endpoint, String operation) throws IOException {
        try (var lines = Files.lines(endpoint.local.auditLogFile())) {
            return lines.filter(line -> line.contains("\"eventName\":\"" + operation + "\"")).count();
        }
    }
}
