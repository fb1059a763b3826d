package org.envelopejca.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.DataKeyUnavailableException;
import org.envelopejca.EnvelopeDecryptionException;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.MalformedMessageException;
import org.envelopejca.message.CommitmentPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed headers get a {@link MalformedMessageException} saying what is wrong; offsets below follow
 * data-format/message-header.md for a v2 header with an empty context and one raw AES EDK.
 */
class MalformedMessageTest {
    private static final SecretKeySpec KEY = new SecretKeySpec(new byte[32], "AES");
    private static final int AAD_LENGTH_AT = 1 + 2 + 32;
    private static final int EDK_COUNT_AT = AAD_LENGTH_AT + 2;

    private Cipher cipher;
    private byte[] message;
    private final byte[] plaintext = "attack at dawn".getBytes();

    @BeforeEach
    void setUp() throws Exception {
        cipher = Cipher.getInstance("Envelope", new EnvelopeProvider());
        cipher.init(Cipher.ENCRYPT_MODE, KEY, EnvelopeParameterSpec.builder().frameLength(4).build());
        message = cipher.doFinal(plaintext);
        cipher.init(Cipher.DECRYPT_MODE, KEY);
    }

    private int contentTypeAt() {
        int p = EDK_COUNT_AT + 2;
        for (int field = 0; field < 3; field++) {
            p += 2 + (((message[p] & 0xFF) << 8) | (message[p + 1] & 0xFF));
        }
        return p;
    }

    private MalformedMessageException malformed(byte[] m) {
        return assertThrows(MalformedMessageException.class, () -> cipher.doFinal(m));
    }

    @Test
    void intactMessageDecrypts() throws Exception {
        assertArrayEquals(plaintext, cipher.doFinal(message));
    }

    @Test
    void unknownVersion() {
        byte[] m = message.clone();
        m[0] = 3;
        assertTrue(malformed(m).getMessage().contains("version"));
    }

    @Test
    void unknownSuite() {
        byte[] m = message.clone();
        m[1] = (byte) 0x99;
        assertTrue(malformed(m).getMessage().contains("suite"));
    }

    @Test
    void suiteOfTheOtherVersion() {
        byte[] m = message.clone();
        m[1] = 0x01;
        m[2] = 0x78;
        assertTrue(malformed(m).getMessage().contains("version 2"));
    }

    @Test
    void zeroEncryptedDataKeys() {
        byte[] m = message.clone();
        m[EDK_COUNT_AT] = 0;
        m[EDK_COUNT_AT + 1] = 0;
        assertTrue(malformed(m).getMessage().contains("no encrypted data key"));
    }

    @Test
    void tooManyEncryptedDataKeysFailWithoutReadingThem() {
        byte[] m = Arrays.copyOf(message, EDK_COUNT_AT + 2);
        m[EDK_COUNT_AT] = (byte) 0xFF;
        m[EDK_COUNT_AT + 1] = (byte) 0xFF;
        assertTrue(malformed(m).getMessage().contains("65535 encrypted data keys, more than the limit of 16"));
    }

    @Test
    void maxEncryptedDataKeysIsConfigurable() throws Exception {
        cipher.init(Cipher.DECRYPT_MODE, KEY, EnvelopeParameterSpec.builder().maxEncryptedDataKeys(1).build());
        assertArrayEquals(plaintext, cipher.doFinal(message));
        cipher.init(Cipher.ENCRYPT_MODE, KEY, EnvelopeParameterSpec.builder().additionalKey(
                org.envelopejca.WrappingKey.of(KEY, "envelope", "second")).build());
        byte[] twoKeys = cipher.doFinal(plaintext);
        cipher.init(Cipher.DECRYPT_MODE, KEY, EnvelopeParameterSpec.builder().maxEncryptedDataKeys(1).build());
        assertTrue(malformed(twoKeys).getMessage().contains("more than the limit of 1"));
    }

    @Test
    void lengthsPastTheEndOfTheInput() {
        byte[] m = Arrays.copyOf(message, EDK_COUNT_AT + 6);
        m[EDK_COUNT_AT + 2] = (byte) 0xFF; // provider ID length 65 535, 2 bytes follow
        m[EDK_COUNT_AT + 3] = (byte) 0xFF;
        assertTrue(malformed(m).getMessage().contains("ends inside the message header"));
        byte[] aad = Arrays.copyOf(message, AAD_LENGTH_AT + 2);
        aad[AAD_LENGTH_AT] = (byte) 0xFF;
        aad[AAD_LENGTH_AT + 1] = (byte) 0xFF;
        assertTrue(malformed(aad).getMessage().contains("ends inside the message header"));
    }

    @Test
    void emptyInput() {
        assertTrue(malformed(new byte[0]).getMessage().contains("empty"));
    }

    @Test
    void frameLengthOutOfRange() {
        byte[] m = message.clone();
        int at = contentTypeAt() + 1;
        ByteBuffer.wrap(m, at, 4).putInt(0xFFFFFFFF);
        assertTrue(malformed(m).getMessage().contains("frame length 4294967295"));
        ByteBuffer.wrap(m, at, 4).putInt(0);
        assertTrue(malformed(m).getMessage().contains("frame length 0"));
    }

    @Test
    void unknownContentType() {
        byte[] m = message.clone();
        m[contentTypeAt()] = 3;
        assertTrue(malformed(m).getMessage().contains("content type"));
    }

    @Test
    void malformedEncryptionContext() throws Exception {
        cipher.init(Cipher.ENCRYPT_MODE, KEY, EnvelopeParameterSpec.builder().encryptionContext(Map.of("k", "v")).build());
        byte[] m = cipher.doFinal(plaintext);
        cipher.init(Cipher.DECRYPT_MODE, KEY);
        // Context: length 8 = count 1, key "k", value "v". A count of 2 runs past its own length.
        assertEquals(8, m[AAD_LENGTH_AT + 1]);
        byte[] twoEntries = m.clone();
        twoEntries[AAD_LENGTH_AT + 3] = 2;
        assertTrue(malformed(twoEntries).getMessage().contains("encryption context"));
        byte[] badUtf8 = m.clone();
        badUtf8[AAD_LENGTH_AT + 2 + 2 + 2] = (byte) 0xC3;
        assertTrue(malformed(badUtf8).getMessage().contains("UTF-8"));
    }

    @Test
    void reservedContextKeysAreRefusedOnEncrypt() throws Exception {
        assertThrows(java.security.InvalidAlgorithmParameterException.class, () -> cipher.init(Cipher.ENCRYPT_MODE, KEY,
                EnvelopeParameterSpec.builder().encryptionContext(Map.of("aws-crypto-anything", "x")).build()));
        // The signature key entry of reported parameters is the writer's own: regenerated per message, not refused.
        cipher.init(Cipher.ENCRYPT_MODE, KEY, EnvelopeParameterSpec.builder().algorithmSuite(0x0578)
                .encryptionContext(Map.of("aws-crypto-public-key", "x", "k", "v")).build());
        cipher.doFinal(plaintext);
        Map<String, String> stored = cipher.getParameters().getParameterSpec(EnvelopeParameterSpec.class).encryptionContext();
        assertEquals("v", stored.get("k"));
        assertTrue(stored.get("aws-crypto-public-key").length() > 40);
    }

    @Test
    void contextOverTheFormatLimitsIsRefusedAtInit() {
        assertThrows(java.security.InvalidAlgorithmParameterException.class, () -> cipher.init(Cipher.ENCRYPT_MODE, KEY,
                EnvelopeParameterSpec.builder().encryptionContext(Map.of("k", "v".repeat(70_000))).build()));
        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            many.put("key-" + i, "value-value-value-value-value-" + i);
        }
        assertThrows(java.security.InvalidAlgorithmParameterException.class, () -> cipher.init(Cipher.ENCRYPT_MODE, KEY,
                EnvelopeParameterSpec.builder().encryptionContext(many).build()));
    }

    @Test
    void nonCommittingSuiteRefusedByDefaultPolicy() throws Exception {
        cipher.init(Cipher.ENCRYPT_MODE, KEY, EnvelopeParameterSpec.builder()
                .commitmentPolicy(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT).build());
        byte[] v1 = cipher.doFinal(plaintext);
        assertEquals(1, v1[0]);
        cipher.init(Cipher.DECRYPT_MODE, KEY);
        assertTrue(malformed(v1).getMessage().contains("does not allow reading"));
    }

    @Test
    void malformedFromUpdateIsWrapped() {
        byte[] m = message.clone();
        m[0] = 3;
        EnvelopeDecryptionException e = assertThrows(EnvelopeDecryptionException.class, () -> cipher.update(m));
        assertInstanceOf(MalformedMessageException.class, e.getCause());
    }

    @Test
    void truncatedBodyIsAnAuthenticationFailure() {
        byte[] m = Arrays.copyOf(message, message.length - 1);
        AEADBadTagException e = assertThrows(AEADBadTagException.class, () -> cipher.doFinal(m));
        assertTrue(e.getMessage().contains("truncated"));
    }

    @Test
    void unknownKeyNamesTheKeysTried() throws Exception {
        cipher.init(Cipher.DECRYPT_MODE, KEY, EnvelopeParameterSpec.builder().keyName("other").build());
        DataKeyUnavailableException e = assertThrows(DataKeyUnavailableException.class, () -> cipher.doFinal(message));
        assertEquals(java.util.List.of("aes:envelope/other"), e.keysTried());
        assertTrue(e.getMessage().contains("envelope/default"), e.getMessage());
    }
}
