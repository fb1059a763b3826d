package org.envelopejca.keyring.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.envelopejca.keyring.kms.InMemoryKms;
import org.envelopejca.keyring.kms.KmsKeyring;
import org.envelopejca.keyring.kms.Messages;
import org.envelopejca.message.AlgorithmSuite;
import org.junit.jupiter.api.Test;

class ConcurrentCacheTest {
    private static final int THREADS = 4;
    private static final int MESSAGES_PER_THREAD = 1500;
    private static final int MAX_MESSAGES = 40;

    @Test
    void threadsSharingOneCacheRoundTripAndNeverOveruseAKey() {
        InMemoryKms kms = new InMemoryKms();
        String key = kms.createSymmetricKey();
        DataKeyCache cache = DataKeyCache.builder().maxMessagesPerKey(MAX_MESSAGES).capacity(8).build();
        // Each thread has its own keyring objects, as each Cipher would, sharing one partition of one cache.
        Map<String, AtomicInteger> messagesPerDataKey = new ConcurrentHashMap<>();
        CyclicBarrier start = new CyclicBarrier(THREADS);

        // Deadlock guard only: the bound is far above any plausible run time.
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        CachingKeyring keyring = new CachingKeyring(new KmsKeyring(kms, key), cache, "shared/" + key);
                        start.await();
                        int ok = 0;
                        for (int i = 0; i < MESSAGES_PER_THREAD; i++) {
                            // Two contexts, so that entries compete for capacity too.
                            Map<String, String> context = Map.of("lane", Integer.toString(i % 2));
                            byte[] plaintext = Messages.randomBytes(1 + (i * 31 + thread) % 300);
                            Messages.Encrypted m = Messages.encrypt(keyring, AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY,
                                    context, plaintext);
                            String dataKeyId = HexFormat.of().formatHex(m.header().encryptedDataKeys().get(0).ciphertext());
                            messagesPerDataKey.computeIfAbsent(dataKeyId, k -> new AtomicInteger()).incrementAndGet();
                            assertArrayEquals(plaintext, Messages.decrypt(keyring, m.bytes(), context));
                            ok++;
                        }
                        return ok;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : results) {
                    total += f.get();
                }
                assertEquals(THREADS * MESSAGES_PER_THREAD, total);
            } finally {
                pool.shutdownNow();
            }
        });

        int total = THREADS * MESSAGES_PER_THREAD;
        int maxUse = messagesPerDataKey.values().stream().mapToInt(AtomicInteger::get).max().orElseThrow();
        assertTrue(maxUse <= MAX_MESSAGES, "a data key encrypted " + maxUse + " messages");
        assertEquals(messagesPerDataKey.size(), kms.generateDataKeyCalls.get(), "every generated key was used");
        assertTrue(kms.generateDataKeyCalls.get() >= (total + MAX_MESSAGES - 1) / MAX_MESSAGES);
        assertTrue(kms.generateDataKeyCalls.get() < total / 4, "the cache served most messages");
        CacheStats stats = cache.stats();
        assertEquals(total, stats.encryptHits() + stats.encryptMisses());
        assertEquals(total, stats.decryptHits() + stats.decryptMisses());
        assertEquals(kms.decryptCalls.get(), stats.decryptMisses());
    }
}
