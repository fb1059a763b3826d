package org.envelopejca.keyring.cache;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.envelopejca.keyring.DataKey;
import org.envelopejca.keyring.DecryptionMaterials;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.keyring.EncryptionMaterials;
import org.envelopejca.keyring.Keyring;
import org.envelopejca.keyring.KeyringException;

/**
 * Puts a {@link DataKeyCache} in front of any keyring: a cached data key (with its EDKs) serves further messages
 * within the cache's limits instead of a new KMS call each. The ESDK's caching CMM, applied at the keyring level.
 * Spec: framework/caching-cmm.md (behaviors, appendix A).
 *
 * <p>The partition ID says which keyrings may share entries: keyrings with the same partition ID on one cache use
 * each other's data keys, for encrypting and for decrypting. Give two keyrings the same partition only when they are
 * interchangeable: same keys, reached with the same rights (for KMS: same engine, same credentials). A decrypt hit
 * skips the wrapped keyring entirely, so a keyring that could not open a message itself would open it through a
 * shared partition. Without a partition ID, each CachingKeyring gets a unique one (the ESDK's default).
 */
public final class CachingKeyring implements Keyring {
    /** Suites without a key derivation function (0x0014, 0x0046, 0x0078) use the data key directly: never cached. */
    private static final Set<Integer> SUITES_WITHOUT_KDF = Set.of(0x0014, 0x0046, 0x0078);

    private final Keyring delegate;
    private final DataKeyCache cache;
    private final String partitionId;
    private final byte[] partitionHash;
    /**
     * The last encrypt identifier and what it was computed from. A Cipher re-initialised per message hands the same
     * (immutable) context map every time, so the same instance means the same identifier: two SHA-512 and a context
     * serialization saved per message.
     */
    private volatile EncryptId lastEncryptId;

    private record EncryptId(Map<String, String> context, int suiteId, CacheId id) {
    }

    public CachingKeyring(Keyring delegate, DataKeyCache cache, String partitionId) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.partitionId = Objects.requireNonNull(partitionId, "partitionId");
        this.partitionHash = CacheId.partitionHash(partitionId);
    }

    /** A keyring with a partition of its own: it shares the cache's capacity, never its entries. */
    public CachingKeyring(Keyring delegate, DataKeyCache cache) {
        this(delegate, cache, UUID.randomUUID().toString());
    }

    @Override
    public EncryptionMaterials onEncrypt(EncryptionMaterials materials) throws KeyringException {
        // Only the generator's work is cacheable: materials that already carry a key or EDKs come from a keyring
        // before us, and their key is not one we could have cached.
        if (materials.dataKey() != null || !materials.encryptedDataKeys().isEmpty() || !cacheable(materials.suiteId())) {
            return callEncrypt(materials);
        }
        CacheId id = encryptId(materials.suiteId(), materials.encryptionContext());
        CacheEntry.Use use = cache.useForEncrypt(id);
        if (use != null) {
            return new EncryptionMaterials(materials.suiteId(), materials.dataKeyLength(), materials.encryptionContext(),
                    new DataKey(use.key()), use.edks());
        }
        EncryptionMaterials result = callEncrypt(materials);
        if (result.dataKey() != null && !result.encryptedDataKeys().isEmpty()) {
            cache.putForEncrypt(id, result.dataKey(), result.encryptedDataKeys());
        }
        return result;
    }

    @Override
    public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) throws KeyringException {
        if (materials.dataKey() != null) {
            return materials;
        }
        if (!cacheable(materials.suiteId())) {
            return callDecrypt(materials, edks);
        }
        CacheId id = CacheId.forDecrypt(partitionHash, materials.suiteId(), edks, materials.encryptionContext());
        DataKey cached = cache.useForDecrypt(id);
        if (cached != null) {
            return materials.withDataKey(cached);
        }
        DecryptionMaterials result = callDecrypt(materials, edks);
        if (result.dataKey() != null) {
            cache.putForDecrypt(id, result.dataKey());
        }
        return result;
    }

    /**
     * Counts the plaintext size of a message encrypted with this keyring's materials against the data key's byte
     * limit (see {@link DataKeyCache#recordEncryptedBytes}).
     */
    @Override
    public void onMessageEncrypted(List<EncryptedDataKey> edks, long plaintextBytes) {
        cache.recordEncryptedBytes(edks, plaintextBytes);
        delegate.onMessageEncrypted(edks, plaintextBytes);
    }

    private CacheId encryptId(int suiteId, Map<String, String> context) {
        EncryptId last = lastEncryptId;
        if (last != null && last.context() == context && last.suiteId() == suiteId) {
            return last.id();
        }
        CacheId id = CacheId.forEncrypt(partitionHash, suiteId, context);
        lastEncryptId = new EncryptId(context, suiteId, id);
        return id;
    }

    private EncryptionMaterials callEncrypt(EncryptionMaterials materials) throws KeyringException {
        cache.countKeyringCall();
        return delegate.onEncrypt(materials);
    }

    private DecryptionMaterials callDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks)
            throws KeyringException {
        cache.countKeyringCall();
        return delegate.onDecrypt(materials, edks);
    }

    static boolean cacheable(int suiteId) {
        return !SUITES_WITHOUT_KDF.contains(suiteId);
    }

    @Override
    public List<String> keyDescriptions() {
        return delegate.keyDescriptions();
    }

    public Keyring delegate() {
        return delegate;
    }

    public DataKeyCache cache() {
        return cache;
    }

    public String partitionId() {
        return partitionId;
    }

    @Override
    public String toString() {
        return "CachingKeyring[" + delegate + "]";
    }
}
