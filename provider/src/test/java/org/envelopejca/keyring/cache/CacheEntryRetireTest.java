package org.envelopejca.keyring.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Uses take no lock, so a retire (which zeroes the key) can overlap a copy: the copy must then be refused, never
 * handed out. Many rounds of readers racing one retire; every copy handed out must be the whole key.
 */
class CacheEntryRetireTest {
    private static final int KEY_LENGTH = 4096; // long enough for a copy to be caught half-zeroed if it can be

    @Test
    void aCopyHandedOutIsNeverZeroedByAConcurrentRetire() throws Exception {
        byte[] original = new byte[KEY_LENGTH];
        Arrays.fill(original, (byte) 0x5A);
        AtomicLong handedOut = new AtomicLong();
        AtomicLong refusedAfterRetire = new AtomicLong();
        for (int round = 0; round < 200; round++) {
            CacheEntry entry = new CacheEntry(null, original.clone(), null, Long.MAX_VALUE, 0, 0);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> readers = new ArrayList<>();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 2; t++) {
                Thread reader = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < 200; i++) {
                            CacheEntry.Use use = entry.useForMessage(0, Long.MAX_VALUE, Long.MAX_VALUE, i);
                            byte[] read = entry.read(0, i);
                            for (byte[] copy : new byte[][] {use == null ? null : use.key(), read}) {
                                if (copy == null) {
                                    refusedAfterRetire.incrementAndGet();
                                } else {
                                    assertArrayEquals(original, copy);
                                    handedOut.incrementAndGet();
                                }
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                reader.start();
                readers.add(reader);
            }
            go.countDown();
            // retire while the readers are at work: after one of them has had a copy, well before they are done
            long before = handedOut.get();
            while (handedOut.get() == before && readers.stream().anyMatch(Thread::isAlive)) {
                Thread.onSpinWait();
            }
            entry.retire();
            for (Thread reader : readers) {
                reader.join();
            }
            assertEquals(List.of(), failures);
            assertNull(entry.read(0, 0));
        }
        assertTrue(refusedAfterRetire.get() > 0 && handedOut.get() > 0,
                "the race ran both ways: " + handedOut + " copies, " + refusedAfterRetire + " refusals");
    }

    @Test
    void theMessageLimitHoldsAndTheLastUseSaysSo() {
        CacheEntry entry = new CacheEntry(null, new byte[32], null, Long.MAX_VALUE, 1, 0);
        CacheEntry.Use second = entry.useForMessage(0, 3, Long.MAX_VALUE, 1);
        CacheEntry.Use third = entry.useForMessage(0, 3, Long.MAX_VALUE, 2);
        assertTrue(!second.exhausted() && third.exhausted());
        assertNull(entry.useForMessage(0, 3, Long.MAX_VALUE, 3));
        assertTrue(entry.addBytes(10, 10));
        assertNull(new CacheEntry(null, new byte[32], null, 5, 0, 0).useForMessage(5, 3, Long.MAX_VALUE, 0));
    }
}
