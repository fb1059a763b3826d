package org.envelopejca.keyring.cache;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.StampedLock;
import org.envelopejca.keyring.EncryptedDataKey;

/**
 * One cached data key. The key bytes are the entry's own copy; every use hands out a fresh copy. Uses take no lock:
 * the message count is an atomic counter, and a copy is taken under an optimistic read of a lock that only
 * {@link #retire()} takes for writing, so a copy that a concurrent retire could have zeroed is detected and
 * refused, never handed out. Two threads encrypting under one cached key therefore never wait for each other.
 */
final class CacheEntry {
    /** Result of taking an encrypt entry for one more message. */
    record Use(byte[] key, List<EncryptedDataKey> edks, boolean exhausted) {
    }

    final CacheId id;
    /** The EDKs that go with the key (encrypt entries), or null (decrypt entries). */
    final List<EncryptedDataKey> edks;
    /** For encrypt entries, the identifier of the EDK list under which the cipher reports bytes; else null. */
    final CacheId edkListId;
    private final byte[] key;
    private final long expiresAtMillis;
    private final AtomicLong messages;
    private final AtomicLong bytes = new AtomicLong();
    /** Held for writing only while the key is zeroed. */
    private final StampedLock zeroing = new StampedLock();
    private volatile boolean retired;
    private volatile long lastUsed;

    CacheEntry(CacheId id, byte[] key, List<EncryptedDataKey> edks, long expiresAtMillis, long messages, long tick) {
        this.id = id;
        this.key = key;
        this.edks = edks == null ? null : List.copyOf(edks);
        this.edkListId = edks == null ? null : CacheId.forEdkList(edks);
        this.expiresAtMillis = expiresAtMillis;
        this.messages = new AtomicLong(messages);
        this.lastUsed = tick;
    }

    boolean expiredAt(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    long lastUsed() {
        return lastUsed;
    }

    /** A copy of the key for one more message, or null when retired, expired or used up. */
    Use useForMessage(long nowMillis, long maxMessages, long maxBytes, long tick) {
        if (retired || expiredAt(nowMillis) || bytes.get() >= maxBytes) {
            return null;
        }
        // Claims a message number; past the limit the counter only climbs further, which changes nothing.
        long number = messages.incrementAndGet();
        if (number > maxMessages) {
            return null;
        }
        byte[] copy = copyUnlessRetired();
        if (copy == null) {
            return null;
        }
        lastUsed = tick;
        return new Use(copy, edks, number >= maxMessages);
    }

    /** A copy of the key (decrypt entries), or null when retired or expired. */
    byte[] read(long nowMillis, long tick) {
        if (expiredAt(nowMillis)) {
            return null;
        }
        byte[] copy = copyUnlessRetired();
        if (copy != null) {
            lastUsed = tick;
        }
        return copy;
    }

    /** Adds reported plaintext bytes; true when the key has now encrypted as many bytes as allowed. */
    boolean addBytes(long n, long maxBytes) {
        long total = bytes.accumulateAndGet(n, (a, b) -> b > Long.MAX_VALUE - a ? Long.MAX_VALUE : a + b);
        return total >= maxBytes;
    }

    /** Zeroes the key; later uses get nothing, and a use copying meanwhile throws its copy away. */
    void retire() {
        long stamp = zeroing.writeLock();
        try {
            if (!retired) {
                retired = true;
                Arrays.fill(key, (byte) 0);
            }
        } finally {
            zeroing.unlockWrite(stamp);
        }
    }

    /** The key's copy, or null when the entry is retired or a retire overlapped the copying. */
    private byte[] copyUnlessRetired() {
        long stamp = zeroing.tryOptimisticRead();
        if (stamp == 0 || retired) {
            return null;
        }
        byte[] copy = key.clone();
        if (!zeroing.validate(stamp)) {
            Arrays.fill(copy, (byte) 0);
            return null;
        }
        return copy;
    }

    /** The entry's own key array, for tests that check it is zeroed. */
    byte[] keyReference() {
        return key;
    }
}
