package org.envelopejca.keyring.cache;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.keyring.EncryptionContextCodec;

/**
 * A cache entry identifier: a SHA-512 value compared by content. Spec: framework/caching-cmm.md, appendix A (cache
 * entry identifier formulas), used as written there so that the identifiers mean what the ESDK's mean.
 */
final class CacheId {
    private static final int SHA512_LENGTH = 64;

    private final byte[] hash;
    private final int hashCode;

    private CacheId(byte[] hash) {
        this.hash = hash;
        this.hashCode = Arrays.hashCode(hash);
    }

    /** SHA-512 of the UTF-8 partition ID, the first part of every identifier. */
    static byte[] partitionHash(String partitionId) {
        return sha512().digest(partitionId.getBytes(StandardCharsets.UTF_8));
    }

    /** Encryption materials with an algorithm suite: SHA512(partition hash ‖ 0x01 ‖ suite ID ‖ SHA512(context)). */
    static CacheId forEncrypt(byte[] partitionHash, int suiteId, Map<String, String> context) {
        MessageDigest d = sha512();
        d.update(partitionHash);
        d.update((byte) 1);
        d.update(u16(suiteId));
        d.update(sha512().digest(EncryptionContextCodec.serialize(context)));
        return new CacheId(d.digest());
    }

    /**
     * Decryption materials: SHA512(partition hash ‖ suite ID ‖ sorted SHA512 of each serialized EDK ‖ 64 zero bytes ‖
     * SHA512(context)).
     */
    static CacheId forDecrypt(byte[] partitionHash, int suiteId, List<EncryptedDataKey> edks, Map<String, String> context) {
        List<byte[]> edkHashes = new ArrayList<>(edks.size());
        for (EncryptedDataKey edk : edks) {
            edkHashes.add(sha512().digest(serialize(edk)));
        }
        edkHashes.sort(Arrays::compareUnsigned);
        MessageDigest d = sha512();
        d.update(partitionHash);
        d.update(u16(suiteId));
        edkHashes.forEach(d::update);
        d.update(new byte[SHA512_LENGTH]);
        d.update(sha512().digest(EncryptionContextCodec.serialize(context)));
        return new CacheId(d.digest());
    }

    /** The EDK list of one message, in order: finds the encrypt entry a message's bytes are reported against. */
    static CacheId forEdkList(List<EncryptedDataKey> edks) {
        MessageDigest d = sha512();
        for (EncryptedDataKey edk : edks) {
            d.update(serialize(edk));
        }
        return new CacheId(d.digest());
    }

    // Serialized as in data-format/message-header.md (encrypted data key entries).
    private static byte[] serialize(EncryptedDataKey edk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] field : new byte[][] {edk.providerId().getBytes(StandardCharsets.UTF_8), edk.providerInfo(), edk.ciphertext()}) {
            out.writeBytes(u16(field.length));
            out.writeBytes(field);
        }
        return out.toByteArray();
    }

    private static byte[] u16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheId c && Arrays.equals(hash, c.hash);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public String toString() {
        return "CacheId[" + String.format("%02x%02x%02x%02x…", hash[0], hash[1], hash[2], hash[3]) + "]";
    }
}
