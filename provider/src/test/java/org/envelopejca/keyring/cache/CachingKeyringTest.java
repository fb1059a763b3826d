package org.envelopejca.keyring.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.envelopejca.keyring.DataKey;
import org.envelopejca.keyring.DecryptionMaterials;
import org.envelopejca.keyring.EncryptionMaterials;
import org.envelopejca.keyring.kms.InMemoryKms;
import org.envelopejca.keyring.kms.KmsKeyring;
import org.envelopejca.keyring.kms.Messages;
import org.envelopejca.message.AlgorithmSuite;
import org.junit.jupiter.api.Test;

class CachingKeyringTest {
    private static final Map<String, String> CONTEXT = Map.of("purpose", "cache");
    private static final AlgorithmSuite SUITE = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;

    private static EncryptionMaterials request(Map<String, String> context) {
        return EncryptionMaterials.initial(SUITE.id(), SUITE.dataKeyLength(), context);
    }

    @Property(tries = 60)
    void messageLimitIsExact(@ForAll @IntRange(min = 1, max = 80) int messages, @ForAll @IntRange(min = 1, max = 12) int limit)
            throws Exception {
        InMemoryKms kms = new InMemoryKms();
        DataKeyCache cache = DataKeyCache.builder().maxMessagesPerKey(limit).build();
        CachingKeyring keyring = new CachingKeyring(new KmsKeyring(kms, kms.createSymmetricKey()), cache);
        for (int i = 0; i < messages; i++) {
            keyring.onEncrypt(request(CONTEXT)).dataKey().destroy();
        }
        assertEquals((messages + limit - 1) / limit, kms.generateDataKeyCalls.get());
        assertEquals(kms.generateDataKeyCalls.get(), cache.stats().keyringCalls());
        assertEquals(messages - kms.generateDataKeyCalls.get(), cache.stats().encryptHits());
    }

    @Test
    void aHitGivesTheSameKeyAndEdksAsACopy() throws Exception {
        InMemoryKms kms = new InMemoryKms();
        CachingKeyring keyring = new CachingKeyring(new KmsKeyring(kms, kms.createSymmetricKey()), DataKeyCache.withDefaults());
        EncryptionMaterials first = keyring.onEncrypt(request(CONTEXT));
        byte[] key = first.dataKey().bytes().clone();
        first.dataKey().destroy(); // what the message layer does
        EncryptionMaterials second = keyring.onEncrypt(request(CONTEXT));
        assertArrayEquals(key, second.dataKey().bytes());
        assertEquals(first.encryptedDataKeys(), second.encryptedDataKeys());
        second.dataKey().destroy();
        assertArrayEquals(key, keyring.onEncrypt(request(CONTEXT)).dataKey().bytes());
        assertEquals(1, kms.generateDataKeyCalls.get());
    }

    @Test
    void entriesAreSeparatedByContextAndSuite() throws Exception {
        InMemoryKms kms = new InMemoryKms();
        CachingKeyring keyring = new CachingKeyring(new KmsKeyring(kms, kms.createSymmetricKey()), DataKeyCache.withDefaults());
        keyring.onEncrypt(request(CONTEXT));
        keyring.onEncrypt(request(Map.of("purpose", "other")));
        keyring.onEncrypt(EncryptionMaterials.initial(0x0178, 32, CONTEXT));
        keyring.onEncrypt(request(CONTEXT));
        assertEquals(3, kms.generateDataKeyCalls.get());
    }

    @Test
    void suitesWithoutKdfAreNeverCached() throws Exception {
        InMemoryKms kms = new InMemoryKms();
        DataKeyCache cache = DataKeyCache.withDefaults();
        CachingKeyring keyring = new CachingKeyring(new KmsKeyring(kms, kms.createSymmetricKey()), cache);
        for (int id : new int[] {0x0014, 0x0046, 0x0078}) {
            int length = AlgorithmSuite.byId(id).orElseThrow().dataKeyLength();
            EncryptionMaterials m = keyring.onEncrypt(EncryptionMaterials.initial(id, length, CONTEXT));
            keyring.onEncrypt(EncryptionMaterials.initial(id, length, CONTEXT));
            keyring.onDecrypt(DecryptionMaterials.initial(id, length, CONTEXT), m.encryptedDataKeys());
            keyring.onDecrypt(DecryptionMaterials.initial(id, length, CONTEXT), m.encryptedDataKeys());
        }
        assertEquals(6, kms.generateDataKeyCalls.get());
        assertEquals(6, kms.decryptCalls.get());
        assertEquals(0, cache.size());
        assertEquals(0, cache.stats().hits() + cache.stats().misses());
    }

    @Test
    void signingSuitesNeverHitOnEncryptButDoOnDecrypt() throws Exception {
        InMemoryKms kms = new InMemoryKms();
        DataKeyCache cache = DataKeyCache.withDefaults();
        CachingKeyring keyring = new CachingKeyring(new KmsKeyring(kms, kms.createSymmetricKey()), cache);
        AlgorithmSuite signing = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;
        byte[] plaintext = Messages.randomBytes(10);
        byte[] m1 = Messages.encryptBytes(keyring, signing, CONTEXT, plaintext);
        Messages.encryptBytes(keyring, signing, CONTEXT, plaintext);
        assertEquals(2, kms.generateDataKeyCalls.get(), "each message has its own signature key in its context");
        assertArrayEquals(plaintext, Messages.decrypt(keyring, m1, CONTEXT));
        assertArrayEquals(plaintext, Messages.decrypt(keyring, m1, CONTEXT));
        assertEquals(1, kms.decryptCalls.get());
    }

    @Test
    void maxAgeIsHonouredAndExpiredKeysAreZeroed() throws Exception {
        InMemoryKms kms = new InMemoryKms();
        MutableClock clock = new MutableClock();
        DataKeyCache cache = DataKeyCache.builder().maxAge(Duration.ofSeconds(60)).clock(clock).build();
        CachingKeyring keyring = new CachingKeyring(new KmsKeyring(kms, kms.createSymmetricKey()), cache);
        keyring.onEncrypt(request(CONTEXT));
        byte[] cached = cache.keyReferences().get(0);
        clock.advance(Duration.ofMillis(59_999));
        keyring.onEncrypt(request(CONTEXT));
        assertEquals(1, kms.generateDataKeyCalls.get());
        clock.advance(Duration.ofMillis(1));
        keyring.onEncrypt(request(CONTEXT));
        assertEquals(2, kms.generateDataKeyCalls.get());
        assertArrayEquals(new byte[32], cached);
        assertEquals(1, cache.stats().expirations());
    }

    @Test
    void untouchedExpiredEntriesAreSweptOnInsertion() throws Exception {
        InMemoryKms kms = new InMemoryKms();
        MutableClock clock = new MutableClock();
        DataKeyCache cache = DataKeyCache.builder().maxAge(Duration.ofSeconds(1)).clock(clock).build();
        CachingKeyring keyring = new CachingKeyring(new KmsKeyring(kms, kms.createSymmetricKey()), cache);
        keyring.onEncrypt(request(Map.of("n", "1")));
        byte[] old = cache.keyReferences().get(0);
        clock.advance(Duration.ofSeconds(2));
        keyring.onEncrypt(request(Map.of("n", "2")));
        assertEquals(1, cache.size());
        assertArrayEquals(new byte[32], old);
    }

    @Test
    void capacityEvictsTheLeastRecentlyUsedAndZeroesIt() throws Exception {
        InMemoryKms kms = new InMemoryKms();
        DataKeyCache cache = DataKeyCache.builder().capacity(2).build();
        CachingKeyring keyring = new CachingKeyring(new KmsKeyring(kms, kms.createSymmetricKey()), cache);
        keyring.onEncrypt(request(Map.of("n", "a")));
        byte[] a = cache.keyReferences().get(0);
        keyring.onEncrypt(request(Map.of("n", "b")));
        byte[] b = cache.keyReferences().stream().filter(r -> r != a).findFirst().orElseThrow();
        keyring.onEncrypt(request(Map.of("n", "a"))); // a is now more recently used than b
        keyring.onEncrypt(request(Map.of("n", "c")));
        assertEquals(2, cache.size());
        assertEquals(1, cache.stats().evictions());
        assertArrayEquals(new byte[32], b, "the evicted key is zeroed");
        assertFalse(Arrays.equals(new byte[32], a), "the kept key is intact");
        int calls = kms.generateDataKeyCalls.get();
        keyring.onEncrypt(request(Map.of("n", "a")));
        assertEquals(calls, kms.generateDataKeyCalls.get());
        keyring.onEncrypt(request(Map.of("n", "b")));
        assertEquals(calls + 1, kms.generateDataKeyCalls.get());
    }

    @Test
    void decryptSideHitsSkipKms() throws Exception {
        InMemoryKms kms = new InMemoryKms();
        KmsKeyring kmsKeyring = new KmsKeyring(kms, kms.createSymmetricKey());
        DataKeyCache cache = DataKeyCache.withDefaults();
        CachingKeyring keyring = new CachingKeyring(kmsKeyring, cache);
        byte[] plaintext = Messages.randomBytes(100);
        byte[] message = Messages.encryptBytes(kmsKeyring, SUITE, CONTEXT, plaintext);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(plaintext, Messages.decrypt(keyring, message, CONTEXT));
        }
        assertEquals(1, kms.decryptCalls.get());
        assertEquals(4, cache.stats().decryptHits());
        assertEquals(1, cache.stats().decryptMisses());
        // Another message (other EDKs) is another entry.
        byte[] other = Messages.encryptBytes(kmsKeyring, SUITE, CONTEXT, plaintext);
        assertArrayEquals(plaintext, Messages.decrypt(keyring, other, CONTEXT));
        assertEquals(2, kms.decryptCalls.get());
    }

    @Test
    void decryptEntriesDependOnTheContext() throws Exception {
        InMemoryKms kms = new InMemoryKms();
        CachingKeyring keyring = new CachingKeyring(new KmsKeyring(kms, kms.createSymmetricKey()), DataKeyCache.withDefaults());
        EncryptionMaterials m = keyring.onEncrypt(request(CONTEXT));
        assertTrue(keyring.onDecrypt(DecryptionMaterials.initial(SUITE.id(), 32, CONTEXT), m.encryptedDataKeys()).dataKey() != null);
        DecryptionMaterials other = DecryptionMaterials.initial(SUITE.id(), 32, Map.of("purpose", "other"));
        assertThrows(Exception.class, () -> keyring.onDecrypt(other, m.encryptedDataKeys()), "KMS refuses the other context");
        assertEquals(2, kms.decryptCalls.get());
    }

    @Test
    void decryptEntriesExpire() throws Exception {
        InMemoryKms kms = new InMemoryKms();
        MutableClock clock = new MutableClock();
        DataKeyCache cache = DataKeyCache.builder().maxAge(Duration.ofMinutes(1)).clock(clock).build();
        CachingKeyring keyring = new CachingKeyring(new KmsKeyring(kms, kms.createSymmetricKey()), cache);
        EncryptionMaterials m = keyring.onEncrypt(request(CONTEXT));
        DecryptionMaterials in = DecryptionMaterials.initial(SUITE.id(), 32, CONTEXT);
        keyring.onDecrypt(in, m.encryptedDataKeys());
        keyring.onDecrypt(in, m.encryptedDataKeys());
        assertEquals(1, kms.decryptCalls.get());
        clock.advance(Duration.ofMinutes(1));
        keyring.onDecrypt(in, m.encryptedDataKeys());
        assertEquals(2, kms.decryptCalls.get());
    }

    @Test
    void byteLimitRetiresAKeyOnceReportedBytesReachIt() throws Exception {
        InMemoryKms kms = new InMemoryKms();
        DataKeyCache cache = DataKeyCache.builder().maxBytesPerKey(100).build();
        CachingKeyring keyring = new CachingKeyring(new KmsKeyring(kms, kms.createSymmetricKey()), cache);
        EncryptionMaterials first = keyring.onEncrypt(request(CONTEXT));
        keyring.onMessageEncrypted(first.encryptedDataKeys(), 60);
        EncryptionMaterials second = keyring.onEncrypt(request(CONTEXT));
        assertEquals(first.encryptedDataKeys(), second.encryptedDataKeys());
        byte[] cached = cache.keyReferences().get(0);
        keyring.onMessageEncrypted(second.encryptedDataKeys(), 40);
        assertArrayEquals(new byte[32], cached, "a used-up key is zeroed at once");
        EncryptionMaterials third = keyring.onEncrypt(request(CONTEXT));
        assertNotEquals(first.encryptedDataKeys(), third.encryptedDataKeys());
        assertEquals(2, kms.generateDataKeyCalls.get());
        assertEquals(1, cache.stats().exhaustions());
        keyring.onMessageEncrypted(first.encryptedDataKeys(), 1_000); // a stale report is ignored
        assertThrows(IllegalArgumentException.class, () -> keyring.onMessageEncrypted(third.encryptedDataKeys(), -1));
    }

    @Test
    void partitionsDecideSharing() throws Exception {
        InMemoryKms kms = new InMemoryKms();
        String key = kms.createSymmetricKey();
        DataKeyCache cache = DataKeyCache.withDefaults();
        CachingKeyring a = new CachingKeyring(new KmsKeyring(kms, key), cache, "store-1/" + key);
        CachingKeyring b = new CachingKeyring(new KmsKeyring(kms, key), cache, "store-1/" + key);
        CachingKeyring own = new CachingKeyring(new KmsKeyring(kms, key), cache);
        a.onEncrypt(request(CONTEXT));
        b.onEncrypt(request(CONTEXT));
        assertEquals(1, kms.generateDataKeyCalls.get());
        own.onEncrypt(request(CONTEXT));
        assertEquals(2, kms.generateDataKeyCalls.get());
        assertNotEquals(a.partitionId(), own.partitionId());
    }

    @Test
    void materialsFromAnEarlierKeyringPassThrough() throws Exception {
        InMemoryKms kms = new InMemoryKms();
        DataKeyCache cache = DataKeyCache.withDefaults();
        CachingKeyring keyring = new CachingKeyring(new KmsKeyring(kms, kms.createSymmetricKey()), cache);
        EncryptionMaterials withKey = request(CONTEXT).withDataKey(DataKey.copyOf(new byte[32]),
                new org.envelopejca.keyring.EncryptedDataKey("x", new byte[1], new byte[1]));
        EncryptionMaterials out = keyring.onEncrypt(withKey);
        keyring.onEncrypt(withKey);
        assertEquals(2, out.encryptedDataKeys().size());
        assertEquals(2, kms.encryptCalls.get());
        assertEquals(0, cache.size());
        DecryptionMaterials done = DecryptionMaterials.initial(SUITE.id(), 32, CONTEXT).withDataKey(DataKey.copyOf(new byte[32]));
        assertSame(done, keyring.onDecrypt(done, List.of()));
    }

    @Test
    void clearZeroesEverything() throws Exception {
        InMemoryKms kms = new InMemoryKms();
        DataKeyCache cache = DataKeyCache.withDefaults();
        CachingKeyring keyring = new CachingKeyring(new KmsKeyring(kms, kms.createSymmetricKey()), cache);
        keyring.onEncrypt(request(Map.of("n", "1")));
        keyring.onEncrypt(request(Map.of("n", "2")));
        List<byte[]> refs = cache.keyReferences();
        cache.clear();
        assertEquals(0, cache.size());
        refs.forEach(r -> assertArrayEquals(new byte[32], r));
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> DataKeyCache.builder().maxAge(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> DataKeyCache.builder().maxAge(Duration.ofSeconds(-1)));
        assertEquals(Duration.ofMillis(1), DataKeyCache.builder().maxAge(Duration.ofNanos(1)).build().maxAge());
        assertThrows(IllegalArgumentException.class, () -> DataKeyCache.builder().maxMessagesPerKey(0));
        assertThrows(IllegalArgumentException.class, () -> DataKeyCache.builder().maxMessagesPerKey((1L << 32) + 1));
        assertThrows(IllegalArgumentException.class, () -> DataKeyCache.builder().maxBytesPerKey(0));
        assertThrows(IllegalArgumentException.class, () -> DataKeyCache.builder().capacity(0));
        DataKeyCache defaults = DataKeyCache.withDefaults();
        assertEquals(Duration.ofMinutes(5), defaults.maxAge());
        assertEquals(1L << 32, defaults.maxMessagesPerKey());
        assertEquals(Long.MAX_VALUE, defaults.maxBytesPerKey());
        assertEquals(1000, defaults.capacity());
    }
}
