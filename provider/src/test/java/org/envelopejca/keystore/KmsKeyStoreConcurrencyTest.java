package org.envelopejca.keystore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.message.MessageHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ciphers on several threads sharing one KeyStore, its engine and its data-key cache. */
class KmsKeyStoreConcurrencyTest {
    private static final EnvelopeProvider PROVIDER = new EnvelopeProvider();
    private static final int THREADS = 3;
    private static final int MESSAGES_PER_THREAD = 1500;
    private static final int MAX_MESSAGES_PER_KEY = 100;

    @TempDir
    Path dir;

    @Test
    void sharedCacheKeepsItsLimitsAndEveryRoundTripHolds() throws Exception {
        KeyStore store = KeyStore.getInstance("KMS", PROVIDER);
        String props = "local.path=" + dir.toString().replace("\\", "\\\\") + "\ncache.max-messages=" + MAX_MESSAGES_PER_KEY + "\n";
        store.load(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)), null);
        store.setKeyEntry("shared", KeyGenerator.getInstance("KMS", PROVIDER).generateKey(), null, null);
        KmsKey key = (KmsKey) store.getKey("shared", null);

        Map<String, AtomicInteger> messagesPerDataKey = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            // A deadlock guard, not a performance bound.
            assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        Cipher enc = Cipher.getInstance("Envelope", PROVIDER);
                        Cipher dec = Cipher.getInstance("Envelope", PROVIDER);
                        enc.init(Cipher.ENCRYPT_MODE, (KmsKey) store.getKey("shared", null));
                        dec.init(Cipher.DECRYPT_MODE, key);
                        for (int i = 0; i < MESSAGES_PER_THREAD; i++) {
                            byte[] plaintext = ByteBuffer.allocate(8).putInt(thread).putInt(i).array();
                            byte[] message = enc.doFinal(plaintext);
                            assertArrayEquals(plaintext, dec.doFinal(message));
                            MessageHeader h = MessageHeader.read(new ByteArrayInputStream(message), 16);
                            String edk = Base64.getEncoder().encodeToString(h.encryptedDataKeys().get(0).ciphertext());
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
        int total = THREADS * MESSAGES_PER_THREAD;
        assertEquals(total, messagesPerDataKey.values().stream().mapToInt(AtomicInteger::get).sum());
        messagesPerDataKey.forEach((edk, n) -> assertTrue(n.get() <= MAX_MESSAGES_PER_KEY, n + " messages under one data key"));
        long generated = messagesPerDataKey.size();
        assertTrue(generated >= total / MAX_MESSAGES_PER_KEY, "at least ceil(N/M) data keys: " + generated);
        assertEquals(generated, key.engine().cache().stats().encryptMisses(),
                "one GenerateDataKey per cache miss: " + key.engine().cache().stats());
    }
}
