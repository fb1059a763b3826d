package org.envelopejca.keyring.cache;

import java.util.Arrays;
import java.util.List;
import org.envelopejca.keyring.EncryptedDataKey;

/**
 * One cached data key. The key bytes are the entry's own copy; every use hands out a fresh copy, taken under the
 * entry's monitor so that a concurrent {@link #retire()} can never let a zeroed key out. The monitor guards one entry
 * only: entries never lock each other or the cache.
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
    private long messages;
    private long bytes;
    private boolean retired;
    private volatile long lastUsed;

    CacheEntry(CacheId id, byte[] key, List<EncryptedDataKey> edks, long expiresAtMillis, long messages, long tick) {
        this.id = id;
        this.key = key;
        this.edks = edks == null ? null : List.copyOf(edks);
        this.edkListId = edks == null ? null : CacheId.forEdkList(edks);
        this.expiresAtMillis = expiresAtMillis;
        this.messages = messages;
        this.lastUsed = tick;
    }

    boolean expiredAt(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    long lastUsed() {
        return lastUsed;
    }

    /** A copy of the key for one more message, or null when retired, expired or used up. */
    synchronized Use useForMessage(long nowMillis, long maxMessages, long maxBytes, long tick) {
        if (retired || expiredAt(nowMillis) || messages >= maxMessages || bytes >= maxBytes) {
            return null;
        }
        messages++;
        lastUsed = tick;
        return new Use(key.clone(), edks, messages >= maxMessages);
    }

    /** A copy of the key (decrypt entries), or null when retired or expired. */
    synchronized byte[] read(long nowMillis, long tick) {
        if (retired || expiredAt(nowMillis)) {
            return null;
        }
        lastUsed = tick;
        return key.clone();
    }

    /** Adds reported plaintext bytes; true when the key has now encrypted as many bytes as allowed. */
    synchronized boolean addBytes(long n, long maxBytes) {
        bytes = n > Long.MAX_VALUE - bytes ? Long.MAX_VALUE : bytes + n;
        return bytes >= maxBytes;
    }

    /** Zeroes the key; later uses get nothing. */
    synchronized void retire() {
        if (!retired) {
            retired = true;
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The entry's own key array, for tests that check it is zeroed. */
    byte[] keyReference() {
        return key;
    }
}
