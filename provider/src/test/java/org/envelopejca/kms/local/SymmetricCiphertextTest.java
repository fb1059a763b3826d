package org.envelopejca.kms.local;

import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blob format: bounded parsing of anything, and the unambiguous context encoding. */
class SymmetricCiphertextTest {
    private static final String KEY_ID = "0123abcd-0123-4567-89ab-0123456789ab";

    @Test
    void randomBytesNeverParseAndNeverThrow() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[random.nextInt(300)];
            random.nextBytes(garbage);
            if (garbage.length > 1 && random.nextBoolean()) {
                garbage[0] = (byte) SymmetricCiphertext.MAGIC;
                garbage[1] = SymmetricCiphertext.FORMAT_VERSION;
            }
            assertTrue(SymmetricCiphertext.parse(garbage).isEmpty());
        }
    }

    @Test
    void claimedLengthsBeyondTheBlobAreRejected() {
        byte[] blob = new SymmetricCiphertext(KEY_ID, 1, new byte[12], new byte[16]).toBytes();
        assertTrue(SymmetricCiphertext.parse(blob).isPresent());
        for (int cut = 0; cut < blob.length; cut++) {
            assertTrue(SymmetricCiphertext.parse(Arrays.copyOf(blob, cut)).isEmpty(), "cut at " + cut);
        }
        byte[] longId = blob.clone();
        longId[2] = (byte) 0xFF;
        assertTrue(SymmetricCiphertext.parse(longId).isEmpty());
        assertTrue(SymmetricCiphertext.parse(new byte[6145]).isEmpty());
    }

    @Test
    void roundTripAndVersionIsUnsigned() {
        SymmetricCiphertext c = new SymmetricCiphertext("mrk-0123456789abcdef0123456789abcdef", 0xFFFFFFFFL,
                new byte[12], new byte[20]);
        SymmetricCiphertext back = SymmetricCiphertext.parse(c.toBytes()).orElseThrow();
        assertEquals(c.keyId(), back.keyId());
        assertEquals(0xFFFFFFFFL, back.version());
        assertArrayEquals(c.sealed(), back.sealed());
    }

    @Test
    void contextEncodingIsOrderFreeAndInjective() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("b", "2");
        a.put("a", "1");
        assertArrayEquals(SymmetricCiphertext.encodeContext(a), SymmetricCiphertext.encodeContext(new TreeMap<>(a)));
        assertFalse(Arrays.equals(SymmetricCiphertext.encodeContext(Map.of("ab", "c")),
                SymmetricCiphertext.encodeContext(Map.of("a", "bc"))));
        assertFalse(Arrays.equals(SymmetricCiphertext.encodeContext(Map.of("a", "")),
                SymmetricCiphertext.encodeContext(Map.of())));
        assertFalse(Arrays.equals(SymmetricCiphertext.encodeContext(Map.of("a", "b", "c", "d")),
                SymmetricCiphertext.encodeContext(Map.of("a", "bcd"))));
        // Sorted by UTF-8 bytes: U+FFFD (EF BF BD) sorts before U+1F600 (F0 9F 98 80), unlike UTF-16 order.
        byte[] encoded = SymmetricCiphertext.encodeContext(Map.of("\uD83D\uDE00", "x", "\uFFFD", "y"));
        assertEquals((byte) 0xEF, encoded[8]);
    }

    @Test
    void everySingleByteChangeOfARealBlobIsRefused(@TempDir Path dir) throws Exception {
        try (LocalKms kms = Stores.open(dir)) {
            KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric(""));
            Map<String, String> context = Map.of("c", "d");
            byte[] blob = kms.encrypt(key.keyId(), new byte[]{1, 2, 3}, context, null).ciphertextBlob();
            Random random = new Random(11);
            int keyIdStart = 3;
            int keyIdEnd = keyIdStart + key.keyId().length();
            for (int i = 0; i < blob.length; i++) {
                byte[] bad = blob.clone();
                bad[i] ^= (byte) (1 + random.nextInt(255));
                KmsException e = assertThrows(KmsException.class, () -> kms.decrypt(bad, null, context, null));
                if (i >= keyIdStart && i < keyIdEnd) {
                    // Another key ID that may be well-formed: no such key, or not a blob at all.
                    assertTrue(e.code() == KmsErrorCode.NOT_FOUND || e.code() == KmsErrorCode.INVALID_CIPHERTEXT,
                            e.getMessage());
                } else {
                    assertEquals(KmsErrorCode.INVALID_CIPHERTEXT, e.code(), "byte " + i + ": " + e.getMessage());
                }
            }
        }
    }
}
