package org.envelopejca.keystore;

import java.time.Duration;

/**
 * Data-key cache settings of a KeyStore (properties {@code cache.*}); see {@code keyring/cache} for the semantics.
 *
 * @param enabled     whether Ciphers using this store's keys share a data-key cache
 * @param maxAge      how long a data key is reused
 * @param maxMessages messages per data key (at most 2^32)
 * @param maxBytes    plaintext bytes per data key
 * @param capacity    most entries held
 */
public record CacheSettings(boolean enabled, Duration maxAge, long maxMessages, long maxBytes, int capacity) {
    /** On; 5 minutes; 2^32 messages; unlimited bytes; 1000 entries (the ESDK's ceilings, a short age). */
    public static final CacheSettings DEFAULT = new CacheSettings(true, Duration.ofMinutes(5), 1L << 32, Long.MAX_VALUE, 1000);
    public static final CacheSettings OFF = new CacheSettings(false, DEFAULT.maxAge, DEFAULT.maxMessages, DEFAULT.maxBytes, DEFAULT.capacity);

    public CacheSettings {
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("cache.max-age must be positive");
        }
        if (maxMessages < 1 || maxMessages > (1L << 32)) {
            throw new IllegalArgumentException("cache.max-messages must be in 1..2^32");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("cache.max-bytes must be positive");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("cache.capacity must be positive");
        }
    }
}
