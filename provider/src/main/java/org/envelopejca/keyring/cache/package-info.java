/**
 * Data-key caching: a {@link org.envelopejca.keyring.cache.CachingKeyring} decorates any keyring and keeps the data
 * keys it produces or unwraps in a {@link org.envelopejca.keyring.cache.DataKeyCache} that many keyrings may share.
 * It follows the ESDK's caching CMM (framework/caching-cmm.md) and materials cache
 * (framework/cryptographic-materials-cache.md), at the keyring level.
 *
 * <h2>Entries</h2>
 * <ul>
 *   <li>Encrypt entries: identified by SHA-512 over the partition ID's hash, the suite ID and the hash of the full
 *       encryption context (the caching CMM's formula, appendix A). Each holds a copy of the data key and the EDKs
 *       that wrap it. A hit hands out a fresh copy of the key with the same EDKs.</li>
 *   <li>Decrypt entries: SHA-512 over the partition ID's hash, the suite ID, the sorted hashes of the serialized
 *       EDKs, 64 zero bytes and the context's hash. A hit hands out a fresh copy of the key without calling the
 *       wrapped keyring.</li>
 *   <li>Only suites with a key derivation function are cached; 0x0014, 0x0046 and 0x0078 always go to the wrapped
 *       keyring (the ESDK's rule: with no KDF the data key is the message key itself).</li>
 *   <li>Signing suites (0x0214, 0x0346, 0x0378, 0x0578): the message layer puts a fresh per-message signature
 *       public key into the encryption context, so encrypt entries for these suites never hit (each message has a
 *       new context). Decrypt entries still hit when the same message is read again.</li>
 *   <li>Only the generator's work is cached: materials that reach the caching keyring already carrying a key or
 *       EDKs are passed through.</li>
 * </ul>
 *
 * <h2>Limits and defaults</h2>
 * <ul>
 *   <li>Max age, default 5 minutes: measured from the moment the entry was stored, by the cache's
 *       {@link java.time.Clock}; an entry is unusable from {@code stored + maxAge} on.</li>
 *   <li>Max messages per data key, default and ceiling 2^32: counted exactly. The message for which the key was
 *       produced is its first; the hit that uses the last allowed message drops the entry, so N messages with a
 *       limit of M cost ceil(N / M) calls of the wrapped keyring (single-threaded; see concurrency below).</li>
 *   <li>Max bytes per data key, default {@code Long.MAX_VALUE}: a streaming Cipher does not know the plaintext size
 *       when a message starts (the ESDK bypasses its cache then), so the cache counts the bytes the Cipher reports
 *       after each message through {@link org.envelopejca.keyring.cache.DataKeyCache#recordEncryptedBytes}
 *       (keyed by the message's EDK list). A key whose reported total reaches the limit is dropped; messages already
 *       started with it finish with it, so the limit can be passed by the messages under way at that moment.
 *       Without reports, only the message and age limits apply.</li>
 *   <li>Capacity, default 1000 entries (encrypt and decrypt together). An insertion beyond it first drops expired
 *       entries, then the least recently used ones.</li>
 * </ul>
 *
 * <h2>Key hygiene</h2>
 * The cache holds its own copy of every key and hands out only copies (the message layer destroys the key it gets).
 * A key is zeroed as soon as its entry is dropped: capacity eviction, expiry seen on access or on the sweep that every
 * insertion runs, exhaustion, replacement, {@link org.envelopejca.keyring.cache.DataKeyCache#clear()}. An expired
 * entry that nobody touches keeps its (unusable) key until the next insertion or
 * {@link org.envelopejca.keyring.cache.DataKeyCache#removeExpired()}: there is no background thread.
 *
 * <h2>Concurrency</h2>
 * No lock on a use: a {@link java.util.concurrent.ConcurrentHashMap} of entries; each entry counts its messages and
 * bytes atomically and copies its key under an optimistic read that a concurrent zeroing invalidates (the copy is
 * then refused, never handed out); {@link java.util.concurrent.atomic.LongAdder} statistics. Threads that miss at the same moment each call the wrapped
 * keyring (no request coalescing); the last key stored wins and the others are zeroed. Limits are never exceeded by
 * this: each key counts its own messages.
 *
 * <h2>Sharing</h2>
 * Keyrings share entries only when they use the same partition ID on the same cache; see
 * {@link org.envelopejca.keyring.cache.CachingKeyring} for when that is safe.
 * {@link org.envelopejca.keyring.cache.CacheStats} gives hits, misses, calls into wrapped keyrings (for a KMS
 * keyring with one key, its KMS calls), evictions, expirations and exhaustions.
 */
package org.envelopejca.keyring.cache;
