package org.envelopejca.keyring.cache;

/**
 * A snapshot of a {@link DataKeyCache}'s counters since it was built.
 *
 * @param encryptHits    encryptions served a cached data key
 * @param encryptMisses  encryptions that had to ask the wrapped keyring (cacheable requests only)
 * @param decryptHits    decryptions served a cached data key
 * @param decryptMisses  decryptions that had to ask the wrapped keyring (cacheable requests only)
 * @param keyringCalls   calls into wrapped keyrings, cacheable or not: for a single-key KMS keyring, the KMS calls
 * @param evictions      entries dropped to respect the capacity
 * @param expirations    entries dropped because they reached the maximum age
 * @param exhaustions    encrypt entries dropped because their key reached the message or byte limit
 * @param size           entries held now
 */
public record CacheStats(long encryptHits, long encryptMisses, long decryptHits, long decryptMisses, long keyringCalls,
                         long evictions, long expirations, long exhaustions, int size) {

    public long hits() {
        return encryptHits + decryptHits;
    }

    public long misses() {
        return encryptMisses + decryptMisses;
    }
}
