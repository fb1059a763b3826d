package org.envelopejca.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.keyring.cache.CacheStats;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.keystore.KmsLoadStoreParameter;
import org.envelopejca.kms.local.AuditSync;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.envelopejca.message.MessageHeader;
import org.envelopejca.properties.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The concurrency tests of the KeyStore and the cache, scaled: {@code hardening.threads} threads, each with its own
 * Ciphers, sharing one KeyStore, its embedded engine (behind a counting decorator) and its data-key cache, each
 * encrypting and decrypting {@code hardening.messagesPerThread} messages under two contexts (so that entries compete
 * for a small capacity). Every round trip holds; no data key encrypts more messages than the cache allows; every
 * GenerateDataKey and Decrypt the engine saw is a cache miss.
 */
class ScaledConcurrencyTest {
    private static final int MAX_MESSAGES_PER_KEY = 50;

    @TempDir
    Path dir;

    @Test
    void threadsSharingOneStoreKeepTheCacheLimits() throws Exception {
        int threads = Scale.intOf("hardening.threads", 4);
        int perThread = Scale.intOf("hardening.messagesPerThread", 400);
        Properties props = new Properties();
        props.setProperty("local.path", dir.toString());
        props.setProperty("cache.max-messages", Integer.toString(MAX_MESSAGES_PER_KEY));
        props.setProperty("cache.capacity", "8");
        try (LocalKms local = LocalKms.open(dir, LocalKmsOptions.builder().auditSync(AuditSync.OPERATING_SYSTEM).build())) {
            CountingKms kms = new CountingKms(local);
            KeyStore store = KeyStore.getInstance("KMS", Messages.PROVIDER);
            store.load(KmsLoadStoreParameter.of(KeyStoreConfig.parse(props), kms));
            store.setKeyEntry("shared", KeyGenerator.getInstance("KMS", Messages.PROVIDER).generateKey(), null, null);
            KmsKey key = (KmsKey) store.getKey("shared", null);
            kms.reset();

            Map<String, AtomicInteger> messagesPerDataKey = new ConcurrentHashMap<>();
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                // A deadlock guard, not a performance bound.
                assertTimeoutPreemptively(Duration.ofMinutes(30), () -> {
                    List<Future<?>> futures = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        int thread = t;
                        futures.add(pool.submit(() -> {
                            Cipher enc = Messages.newCipher();
                            Cipher dec = Messages.newCipher();
                            start.await();
                            for (int i = 0; i < perThread; i++) {
                                EnvelopeParameterSpec spec = EnvelopeParameterSpec.builder()
                                        .encryptionContext(Map.of("lane", Integer.toString(i % 2))).build();
                                enc.init(Cipher.ENCRYPT_MODE, (KmsKey) store.getKey("shared", null), spec);
                                dec.init(Cipher.DECRYPT_MODE, key, spec);
                                byte[] plaintext = ByteBuffer.allocate(8 + i % 100).putInt(thread).putInt(i).array();
                                byte[] message = enc.doFinal(plaintext);
                                assertArrayEquals(plaintext, dec.doFinal(message));
                                MessageHeader h = MessageHeader.read(new ByteArrayInputStream(message), 16);
                                String edk = HexFormat.of().formatHex(h.encryptedDataKeys().get(0).ciphertext());
                                messagesPerDataKey.computeIfAbsent(edk, k -> new AtomicInteger()).incrementAndGet();
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : futures) {
                        f.get();
                    }
                });
            } finally {
                pool.shutdownNow();
            }
            int total = threads * perThread;
            int maxUse = messagesPerDataKey.values().stream().mapToInt(AtomicInteger::get).max().orElseThrow();
            CacheStats stats = key.engine().cache().stats();
            System.out.println("HARDENING-CONCURRENCY threads=" + threads + " messages=" + total + " dataKeys="
                    + messagesPerDataKey.size() + " maxMessagesPerDataKey=" + maxUse + " generateDataKey="
                    + kms.calls("GenerateDataKey") + " decrypt=" + kms.calls("Decrypt") + " " + stats);
            assertEquals(total, messagesPerDataKey.values().stream().mapToInt(AtomicInteger::get).sum());
            assertTrue(maxUse <= MAX_MESSAGES_PER_KEY, "a data key encrypted " + maxUse + " messages");
            assertTrue(messagesPerDataKey.size() >= (total + MAX_MESSAGES_PER_KEY - 1) / MAX_MESSAGES_PER_KEY);
            assertEquals(messagesPerDataKey.size(), kms.calls("GenerateDataKey"), "one GenerateDataKey per data key");
            assertEquals(stats.encryptMisses(), kms.calls("GenerateDataKey"), stats.toString());
            assertEquals(stats.decryptMisses(), kms.calls("Decrypt"), stats.toString());
            assertEquals(total, stats.encryptHits() + stats.encryptMisses(), stats.toString());
            assertEquals(total, stats.decryptHits() + stats.decryptMisses(), stats.toString());
        }
    }
}
