package org.envelopejca.keyring.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.envelopejca.keyring.DataKey;
import org.envelopejca.keyring.EncryptedDataKey;

/**
 * A data-key cache shared by any number of {@link CachingKeyring}s (for instance every Cipher using keys of one
 * KeyStore), with the ESDK's limits: maximum age, messages and bytes per data key, and a bounded capacity. See the
 * package documentation for the semantics and the defaults. Spec: framework/cryptographic-materials-cache.md and
 * framework/caching-cmm.md.
 *
 * <p>Thread-safe without a global lock: entries live in a {@link ConcurrentHashMap}; a use of an entry takes no lock
 * (see {@link CacheEntry}); statistics are {@link LongAdder}s.
 */
public final class DataKeyCache {
    /** The ESDK's default and ceiling for messages per data key: 2^32. */
    public static final long MAX_MESSAGES_LIMIT = 1L << 32;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
    public static final int DEFAULT_CAPACITY = 1000;

    private final long maxAgeMillis;
    private final long maxMessages;
    private final long maxBytes;
    private final int capacity;
    private final Clock clock;

    private final ConcurrentHashMap<CacheId, CacheEntry> entries = new ConcurrentHashMap<>();
    /** Encrypt entries by the EDK list they hand out, for {@link #recordEncryptedBytes}. */
    private final ConcurrentHashMap<CacheId, CacheEntry> byEdkList = new ConcurrentHashMap<>();

    private final LongAdder encryptHits = new LongAdder();
    private final LongAdder encryptMisses = new LongAdder();
    private final LongAdder decryptHits = new LongAdder();
    private final LongAdder decryptMisses = new LongAdder();
    private final LongAdder keyringCalls = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder expirations = new LongAdder();
    private final LongAdder exhaustions = new LongAdder();

    private DataKeyCache(Builder b) {
        this.maxAgeMillis = b.maxAge.toMillis();
        this.maxMessages = b.maxMessages;
        this.maxBytes = b.maxBytes;
        this.capacity = b.capacity;
        this.clock = b.clock;
    }

    /** A cache with the default limits (see the package documentation). */
    public static DataKeyCache withDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link DataKeyCache}; every setting has a default. */
    public static final class Builder {
        private Duration maxAge = DEFAULT_MAX_AGE;
        private long maxMessages = MAX_MESSAGES_LIMIT;
        private long maxBytes = Long.MAX_VALUE;
        private int capacity = DEFAULT_CAPACITY;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** How long a data key may be used after KMS produced it: positive; the clock counts whole milliseconds. */
        public Builder maxAge(Duration maxAge) {
            if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("max age must be positive");
            }
            this.maxAge = maxAge.toMillis() == 0 ? Duration.ofMillis(1) : maxAge;
            return this;
        }

        /** Messages one data key may encrypt: 1..2^32. */
        public Builder maxMessagesPerKey(long maxMessages) {
            if (maxMessages < 1 || maxMessages > MAX_MESSAGES_LIMIT) {
                throw new IllegalArgumentException("max messages per data key must be in 1..2^32");
            }
            this.maxMessages = maxMessages;
            return this;
        }

        /** Plaintext bytes one data key may encrypt, as reported through {@link #recordEncryptedBytes}: at least 1. */
        public Builder maxBytesPerKey(long maxBytes) {
            if (maxBytes < 1) {
                throw new IllegalArgumentException("max bytes per data key must be positive");
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /** Most entries (encrypt and decrypt together) held at once: at least 1. */
        public Builder capacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("cache capacity must be positive");
            }
            this.capacity = capacity;
            return this;
        }

        /** The time source of the max-age limit (tests use a movable clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public DataKeyCache build() {
            return new DataKeyCache(this);
        }
    }

    public Duration maxAge() {
        return Duration.ofMillis(maxAgeMillis);
    }

    public long maxMessagesPerKey() {
        return maxMessages;
    }

    public long maxBytesPerKey() {
        return maxBytes;
    }

    public int capacity() {
        return capacity;
    }

    public CacheStats stats() {
        return new CacheStats(encryptHits.sum(), encryptMisses.sum(), decryptHits.sum(), decryptMisses.sum(),
                keyringCalls.sum(), evictions.sum(), expirations.sum(), exhaustions.sum(), entries.size());
    }

    /** Entries held now. */
    public int size() {
        return entries.size();
    }

    /**
     * Reports that a message whose header carries {@code edks} encrypted {@code plaintextBytes} bytes. The Cipher
     * calls this after each message, since the plaintext size is unknown when a streaming message starts. Once a data
     * key's reported bytes reach the limit, the key is retired and the next message gets a fresh one. Reports for
     * keys that are not (or no longer) cached are ignored.
     */
    public void recordEncryptedBytes(List<EncryptedDataKey> edks, long plaintextBytes) {
        if (plaintextBytes < 0) {
            throw new IllegalArgumentException("byte count must not be negative");
        }
        if (maxBytes == Long.MAX_VALUE) {
            return; // no byte limit (the default): nothing to enforce, so no hash of the EDKs per message
        }
        CacheEntry entry = byEdkList.get(CacheId.forEdkList(edks));
        if (entry != null && entry.addBytes(plaintextBytes, maxBytes)) {
            drop(entry, exhaustions);
        }
    }

    /** Drops every entry and zeroes its key. */
    public void clear() {
        for (CacheEntry e : new ArrayList<>(entries.values())) {
            drop(e, null);
        }
    }

    /** Drops the entries that reached their maximum age (also done on every insertion). */
    public void removeExpired() {
        long now = clock.millis();
        for (CacheEntry e : entries.values()) {
            if (e.expiredAt(now)) {
                drop(e, expirations);
            }
        }
    }

    // ---- used by CachingKeyring ----

    /**
     * When an entry was last used, for choosing the least recently used: the JVM's monotonic clock, which two threads
     * read without writing to a shared counter.
     */
    private static long tick() {
        return System.nanoTime();
    }

    void countKeyringCall() {
        keyringCalls.increment();
    }

    /** A copy of the cached key and its EDKs for one more message, or null (counted as a miss). */
    CacheEntry.Use useForEncrypt(CacheId id) {
        CacheEntry entry = entries.get(id);
        if (entry != null) {
            long now = clock.millis();
            CacheEntry.Use use = entry.useForMessage(now, maxMessages, maxBytes, tick());
            if (use != null) {
                if (use.exhausted()) {
                    // This message is the key's last: drop the entry now rather than leave a used-up key in memory.
                    drop(entry, exhaustions);
                }
                encryptHits.increment();
                return use;
            }
            drop(entry, entry.expiredAt(now) ? expirations : exhaustions);
        }
        encryptMisses.increment();
        return null;
    }

    /**
     * Caches a copy of a data key fresh from the wrapped keyring, with its EDKs; the message it was made for counts as
     * its first.
     */
    void putForEncrypt(CacheId id, DataKey key, List<EncryptedDataKey> edks) {
        if (maxMessages <= 1) {
            return;
        }
        insert(new CacheEntry(id, key.bytes().clone(), edks, clock.millis() + maxAgeMillis, 1, tick()));
    }

    /** A copy of the cached key, or null (counted as a miss). */
    DataKey useForDecrypt(CacheId id) {
        CacheEntry entry = entries.get(id);
        if (entry != null) {
            long now = clock.millis();
            byte[] key = entry.read(now, tick());
            if (key != null) {
                decryptHits.increment();
                return new DataKey(key);
            }
            drop(entry, expirations);
        }
        decryptMisses.increment();
        return null;
    }

    void putForDecrypt(CacheId id, DataKey key) {
        insert(new CacheEntry(id, key.bytes().clone(), null, clock.millis() + maxAgeMillis, 0, tick()));
    }

    /** The entries' own key arrays, for tests that check zeroing. */
    List<byte[]> keyReferences() {
        List<byte[]> refs = new ArrayList<>();
        entries.values().forEach(e -> refs.add(e.keyReference()));
        return refs;
    }

    private void insert(CacheEntry entry) {
        // Indexed before it becomes reachable, so that a concurrent drop always finds the index entry to remove.
        if (entry.edkListId != null) {
            byEdkList.put(entry.edkListId, entry);
        }
        CacheEntry previous = entries.put(entry.id, entry);
        if (previous != null) {
            // Two threads missed at once and both asked KMS: the later key wins, the earlier is zeroed.
            unindex(previous);
            previous.retire();
        }
        removeExpired();
        while (entries.size() > capacity) {
            CacheEntry victim = leastRecentlyUsed();
            if (victim == null) {
                break;
            }
            drop(victim, evictions);
        }
    }

    // A scan is enough: it runs only when an insertion (which follows a KMS call) overflows the capacity.
    private CacheEntry leastRecentlyUsed() {
        CacheEntry victim = null;
        for (CacheEntry e : entries.values()) {
            if (victim == null || e.lastUsed() < victim.lastUsed()) {
                victim = e;
            }
        }
        return victim;
    }

    /** Removes the entry (if still present) and zeroes its key; counts it once under {@code reason}. */
    private void drop(CacheEntry entry, LongAdder reason) {
        if (entries.remove(entry.id, entry)) {
            unindex(entry);
            entry.retire();
            if (reason != null) {
                reason.increment();
            }
        } else {
            entry.retire();
        }
    }

    private void unindex(CacheEntry entry) {
        if (entry.edkListId != null) {
            byEdkList.remove(entry.edkListId, entry);
        }
    }
}
