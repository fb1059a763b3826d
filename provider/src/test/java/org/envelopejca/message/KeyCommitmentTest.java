package org.envelopejca.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.keyring.DataKey;
import org.envelopejca.keyring.DecryptionMaterials;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.keyring.EncryptionMaterials;
import org.envelopejca.keyring.Keyring;
import org.junit.jupiter.api.Test;

/**
 * Key commitment on its own: a message whose stored commitment was changed and whose header tag was then recomputed
 * correctly (with the data key, by an implementation of the specification's key derivation written here, not the
 * provider's), so that the commitment comparison is the only check that can reject it. A flipped commitment without
 * a new tag is also caught by the header tag, which would hide a missing commitment check.
 *
 * <p>Spec: framework/algorithm-suites.md (HKDF-SHA512 key derivation and commitment for suite 0x0478),
 * data-format/message-header.md (v2 header: suite data is the commitment key; the authentication tag is AES-GCM with
 * a zero IV over the header body and the serialized required encryption context).
 */
class KeyCommitmentTest {
    private static final int SUITE_ID = 0x0478;
    private static final int TAG_LENGTH = 16;
    private static final int COMMITMENT_LENGTH = 32;
    private static final byte[] DATA_KEY = new byte[32];

    static {
        for (int i = 0; i < DATA_KEY.length; i++) {
            DATA_KEY[i] = (byte) (7 * i + 1);
        }
    }

    @Test
    void theTagRecomputedHereMatchesTheWritersSoTheForgeryBelowIsWellFormed() throws Exception {
        byte[] message = message();
        Layout l = layout(message);
        byte[][] derived = derive(l.messageId(message));
        assertArrayEquals(derived[1], Arrays.copyOfRange(message, l.commitOffset(), l.commitOffset() + COMMITMENT_LENGTH),
                "commitment as the specification derives it");
        assertArrayEquals(Arrays.copyOfRange(message, l.tagOffset(), l.tagOffset() + TAG_LENGTH),
                headerTag(derived[0], Arrays.copyOf(message, l.tagOffset())), "header tag as the specification computes it");
        assertArrayEquals("commit".getBytes(StandardCharsets.UTF_8), decrypt(message));
    }

    @Test
    void aChangedCommitmentUnderACorrectHeaderTagIsRejectedByTheCommitmentCheck() throws Exception {
        byte[] message = message();
        Layout l = layout(message);
        byte[] forged = message.clone();
        forged[l.commitOffset() + 5] ^= 0x20;
        byte[] key = derive(l.messageId(forged))[0];
        byte[] tag = headerTag(key, Arrays.copyOf(forged, l.tagOffset()));
        System.arraycopy(tag, 0, forged, l.tagOffset(), TAG_LENGTH);

        MessageAuthenticationException e = assertThrows(MessageAuthenticationException.class, () -> decrypt(forged));
        assertTrue(e.getMessage().contains("commitment"), e.getMessage());
    }

    /** Byte positions in a v2 header with the fixed fields above: suite data, then the tag, end the header. */
    private record Layout(int headerLength) {
        int tagOffset() {
            return headerLength - TAG_LENGTH;
        }

        int commitOffset() {
            return tagOffset() - COMMITMENT_LENGTH;
        }

        byte[] messageId(byte[] message) {
            return Arrays.copyOfRange(message, 3, 3 + 32); // version (1), suite ID (2), then the 32-byte message ID
        }
    }

    private static Layout layout(byte[] message) throws Exception {
        MessageHeader h = MessageHeader.read(new java.io.ByteArrayInputStream(message), 16);
        return new Layout(h.length());
    }

    private static byte[] message() throws Exception {
        EncryptionSettings settings = new EncryptionSettings(AlgorithmSuite.byId(SUITE_ID).orElseThrow(), 64,
                Map.of("tenant", "42"), Map.of(), CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT, 16);
        MessageEncryptor e = new MessageEncryptor(settings, new KnownDataKey(), new SecureRandom());
        e.start();
        byte[] in = "commit".getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[Math.toIntExact(e.maxOutputLength(in.length, true))];
        int n = e.finish(in, 0, in.length, out, 0);
        return Arrays.copyOf(out, n);
    }

    private static byte[] decrypt(byte[] message) throws MessageException {
        MessageDecryptor d = new MessageDecryptor(new DecryptionSettings(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
                16, Map.of()), new KnownDataKey());
        ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        byte[] out = new byte[Math.toIntExact(d.maxOutputLength(message.length))];
        plaintext.write(out, 0, d.update(message, 0, message.length, out, 0));
        out = new byte[Math.toIntExact(d.maxOutputLength(0))];
        plaintext.write(out, 0, d.finish(message, message.length, 0, out, 0));
        return plaintext.toByteArray();
    }

    /** {encryption key, commitment}: HKDF-SHA512 with the message ID as salt; info suite ID || "DERIVEKEY", "COMMITKEY". */
    private static byte[][] derive(byte[] messageId) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(messageId, "HmacSHA512"));
        byte[] prk = mac.doFinal(DATA_KEY);
        byte[] info = new byte[2 + 9];
        info[0] = (byte) (SUITE_ID >>> 8);
        info[1] = (byte) SUITE_ID;
        System.arraycopy("DERIVEKEY".getBytes(StandardCharsets.US_ASCII), 0, info, 2, 9);
        return new byte[][] {expand(prk, info), expand(prk, "COMMITKEY".getBytes(StandardCharsets.US_ASCII))};
    }

    /** RFC 5869 HKDF-Expand for 32 bytes or fewer (one block of SHA-512). */
    private static byte[] expand(byte[] prk, byte[] info) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(prk, "HmacSHA512"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), 32);
    }

    private static byte[] headerTag(byte[] key, byte[] headerBody) throws GeneralSecurityException {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, new byte[12]));
        gcm.updateAAD(headerBody); // no required context: its serialization adds nothing
        return gcm.doFinal();
    }

    /** Hands out one known data key with a placeholder EDK, and the same data key for decryption. */
    private static final class KnownDataKey implements Keyring {
        @Override
        public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
            return materials.withDataKey(DataKey.copyOf(DATA_KEY),
                    new EncryptedDataKey("known", new byte[] {1}, new byte[] {2}));
        }

        @Override
        public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) {
            return materials.dataKey() != null ? materials : materials.withDataKey(DataKey.copyOf(DATA_KEY));
        }

        @Override
        public List<String> keyDescriptions() {
            return List.of("known data key");
        }
    }
}
