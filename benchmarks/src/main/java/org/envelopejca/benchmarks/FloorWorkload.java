package org.envelopejca.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;

/**
 * The floor of a one-frame message under suite 0x0478 (AES-256-GCM, HKDF-SHA512, key commitment) with a raw AES
 * wrapping key: the cryptography the format requires of any implementation, and nothing else. No header is
 * written or parsed, no materials, no context map, no JCA adapter; byte arrays of the real message's sizes stand in
 * for what the format would put there. What it does per message is what the ESDK and Envelope both must:
 *
 * <ul>
 *   <li>encrypt: one DRBG draw for the message ID, the data key and the wrapping IV together (one draw, not the
 *       three an implementation makes: cheaper, so a lower floor); HKDF-SHA512 extract, then the data-key and
 *       commitment expansions (hkdf-extract-and-expand, algorithm-suites.md, key commitment); the AES-GCM wrap of
 *       the data key over the serialized context (raw-aes-keyring.md); the header tag (header-authentication) and
 *       the final frame (message-body.md), each AES-GCM under the derived key;</li>
 *   <li>decrypt: the unwrap; HKDF as above and a constant-time comparison of the commitment; the header tag's
 *       verification and the frame's decryption.</li>
 * </ul>
 *
 * <p>Each primitive runs on the implementation Envelope found fastest in this JVM (RESULTS.md): the JDK's
 * HmacSHA512 for HKDF, SunJCE for the 32-byte wrap, the backend's AES-GCM (ACCP's when Envelope uses it) for the
 * header tag and the frame, the JDK's Hash_DRBG for randomness. A side at this floor is as fast as this JVM's
 * primitives allow for this message; a ratio to a peer larger than the peer's over the floor is out of reach.
 */
final class FloorWorkload implements Workload {
    private static final int SUITE = 0x0478;
    private static final int KEY = 32;
    private static final int MESSAGE_ID = 32;
    private static final int IV = 12;
    private static final int TAG = 16;
    // message-body-aad.md: the final frame's body AAD content string
    private static final byte[] FINAL_FRAME = "AWSKMSEncryptionClient Final Frame".getBytes(StandardCharsets.US_ASCII);
    // algorithm-suites.md, key derivation and key commitment labels
    private static final byte[] DERIVE_INFO = ByteBuffer.allocate(2 + 9).putShort((short) SUITE)
            .put("DERIVEKEY".getBytes(StandardCharsets.US_ASCII)).array();
    private static final byte[] COMMIT_INFO = "COMMITKEY".getBytes(StandardCharsets.US_ASCII);

    private final SecureRandom random = drbg();
    private final Mac hmac;
    private final Cipher wrap;
    private final Cipher gcm;
    private final SecretKey wrappingKey = Inputs.aes256Key();
    private final byte[] drawn = new byte[MESSAGE_ID + KEY + IV];
    private final byte[] contextAad;
    private final byte[] header;
    private final byte[] frameAad = new byte[MESSAGE_ID + FINAL_FRAME.length + Integer.BYTES + Long.BYTES];
    private final byte[] plaintext;
    private final byte[] sealed;
    private final byte[] headerTag = new byte[TAG];
    private final byte[] frameIv = new byte[IV];
    private final byte[] zeroIv = new byte[IV];
    private final byte[] opened;
    private final byte[] derived = new byte[KEY];
    private final byte[] lastCommitment = new byte[KEY];
    private byte[] lastWrapped;
    // what decrypt reads: one message's wrapped key, its IV and message ID, commitment, header tag and frame
    private final byte[] wrappedKey;
    private final byte[] wrapIv;
    private final byte[] messageId;
    private final byte[] commitment = new byte[KEY];
    private final byte[] storedHeaderTag;
    private final byte[] storedFrame;

    FloorWorkload(int messageSize, int frameLength, String suite) throws GeneralSecurityException {
        if (Integer.decode(suite) != SUITE || messageSize >= frameLength) {
            throw new IllegalArgumentException("the floor is of a one-frame message under suite 0x0478");
        }
        Provider aesGcm = EnvelopeProvider.cryptoBackend().startsWith("ACCP") ? Accp.provider() : null;
        this.hmac = Mac.getInstance("HmacSHA512");
        this.wrap = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        this.gcm = aesGcm == null ? Cipher.getInstance("AES/GCM/NoPadding", "SunJCE")
                : Cipher.getInstance("AES/GCM/NoPadding", aesGcm);
        // the sizes of Envelope's own message of this shape: context, header body
        Map<String, String> context = Map.of("purpose", "benchmark");
        this.contextAad = serialized(context);
        this.header = new byte[headerBodyLength(messageSize, frameLength, context)];
        Arrays.fill(header, (byte) 0x5a);
        this.plaintext = Inputs.plaintext(messageSize);
        this.sealed = new byte[messageSize + TAG];
        this.opened = new byte[messageSize];
        encrypt();
        this.messageId = Arrays.copyOfRange(drawn, 0, MESSAGE_ID);
        this.wrapIv = Arrays.copyOfRange(drawn, MESSAGE_ID + KEY, drawn.length);
        this.wrappedKey = lastWrapped;
        System.arraycopy(lastCommitment, 0, commitment, 0, KEY);
        this.storedHeaderTag = headerTag.clone();
        this.storedFrame = sealed.clone();
        Inputs.checkRoundTrip(plaintext, opened, decrypt());
    }

    @Override
    public int encrypt() throws GeneralSecurityException {
        random.nextBytes(drawn);
        // raw-aes-keyring.md OnEncrypt: wrap the data key, AAD = the serialized encryption context
        wrap.init(Cipher.ENCRYPT_MODE, wrappingKey,
                new GCMParameterSpec(TAG * 8, drawn, MESSAGE_ID + KEY, IV));
        wrap.updateAAD(contextAad);
        lastWrapped = wrap.doFinal(drawn, MESSAGE_ID, KEY);
        SecretKeySpec messageKey = derive(drawn, MESSAGE_ID, drawn, 0, lastCommitment);
        // header-authentication: a tag over the header body, no content, IV of zeros
        gcm.init(Cipher.ENCRYPT_MODE, messageKey, new GCMParameterSpec(TAG * 8, zeroIv));
        gcm.updateAAD(header);
        gcm.doFinal(header, 0, 0, headerTag, 0);
        int written = sealFrame(messageKey, drawn);
        Arrays.fill(drawn, MESSAGE_ID, MESSAGE_ID + KEY, (byte) 0);
        return written + header.length + TAG;
    }

    @Override
    public int decrypt() throws GeneralSecurityException {
        wrap.init(Cipher.DECRYPT_MODE, wrappingKey, new GCMParameterSpec(TAG * 8, wrapIv));
        wrap.updateAAD(contextAad);
        byte[] dataKey = wrap.doFinal(wrappedKey);
        byte[] expected = new byte[KEY];
        SecretKeySpec messageKey = derive(dataKey, 0, messageId, 0, expected);
        Arrays.fill(dataKey, (byte) 0);
        if (!MessageDigest.isEqual(expected, commitment)) {
            throw new GeneralSecurityException("commitment does not match");
        }
        gcm.init(Cipher.DECRYPT_MODE, messageKey, new GCMParameterSpec(TAG * 8, zeroIv));
        gcm.updateAAD(header);
        gcm.doFinal(storedHeaderTag, 0, TAG, opened, 0);
        setFrameAad(messageId, 0);
        gcm.init(Cipher.DECRYPT_MODE, messageKey, new GCMParameterSpec(TAG * 8, frameIv));
        gcm.updateAAD(frameAad);
        return gcm.doFinal(storedFrame, 0, storedFrame.length, opened, 0);
    }

    /** The key commitment this floor derives for a data key and message ID (for the test against real messages). */
    byte[] commitment(byte[] dataKey, byte[] id) throws GeneralSecurityException {
        byte[] out = new byte[KEY];
        derive(dataKey, 0, id, 0, out);
        return out;
    }

    /** The message key this floor derives for a data key and message ID (for the test against real messages). */
    SecretKeySpec messageKey(byte[] dataKey, byte[] id) throws GeneralSecurityException {
        return derive(dataKey, 0, id, 0, new byte[KEY]);
    }

    /** HKDF-SHA512 (RFC 5869): the derived key, and the commitment written into {@code commitmentOut}. */
    private SecretKeySpec derive(byte[] ikm, int ikmOff, byte[] salt, int saltOff, byte[] commitmentOut)
            throws GeneralSecurityException {
        hmac.init(new SecretKeySpec(salt, saltOff, MESSAGE_ID, "HmacSHA512"));
        hmac.update(ikm, ikmOff, KEY);
        byte[] prk = hmac.doFinal();
        hmac.init(new SecretKeySpec(prk, "HmacSHA512"));
        hmac.update(DERIVE_INFO);
        hmac.update((byte) 1);
        byte[] okm = hmac.doFinal();
        hmac.update(COMMIT_INFO);
        hmac.update((byte) 1);
        byte[] commit = hmac.doFinal();
        System.arraycopy(okm, 0, derived, 0, KEY);
        System.arraycopy(commit, 0, commitmentOut, 0, KEY);
        Arrays.fill(prk, (byte) 0);
        Arrays.fill(okm, (byte) 0);
        return new SecretKeySpec(derived, "AES");
    }

    private int sealFrame(SecretKeySpec messageKey, byte[] id) throws GeneralSecurityException {
        setFrameAad(id, 0);
        gcm.init(Cipher.ENCRYPT_MODE, messageKey, new GCMParameterSpec(TAG * 8, frameIv));
        gcm.updateAAD(frameAad);
        return gcm.doFinal(plaintext, 0, plaintext.length, sealed, 0);
    }

    // message-body-aad.md: message ID || content string || sequence number u32 || content length u64; and the
    // frame IV: the sequence number, big-endian, right-aligned in 12 bytes (message-body.md)
    private void setFrameAad(byte[] id, int idOff) {
        System.arraycopy(id, idOff, frameAad, 0, MESSAGE_ID);
        ByteBuffer.wrap(frameAad, MESSAGE_ID, frameAad.length - MESSAGE_ID).put(FINAL_FRAME).putInt(1)
                .putLong(plaintext.length);
        ByteBuffer.wrap(frameIv).putLong(0).putInt(1);
    }

    // structures.md, encryption context: count u16, then each key and value as u16 length and UTF-8 bytes
    private static byte[] serialized(Map<String, String> context) {
        ByteBuffer out = ByteBuffer.allocate(1024).putShort((short) context.size());
        context.forEach((k, v) -> {
            byte[] key = k.getBytes(StandardCharsets.UTF_8);
            byte[] value = v.getBytes(StandardCharsets.UTF_8);
            out.putShort((short) key.length).put(key).putShort((short) value.length).put(value);
        });
        return Arrays.copyOf(out.array(), out.position());
    }

    /** Envelope's header body length for this shape: its message, less the final frame and the header tag. */
    private static int headerBodyLength(int messageSize, int frameLength, Map<String, String> context)
            throws GeneralSecurityException {
        Cipher envelope = Cipher.getInstance("Envelope/AES-GCM/NoPadding", new EnvelopeProvider());
        envelope.init(Cipher.ENCRYPT_MODE, Inputs.aes256Key(), EnvelopeParameterSpec.builder()
                .encryptionContext(context).algorithmSuite(SUITE).frameLength(frameLength).build());
        int messageLength = envelope.doFinal(new byte[messageSize]).length;
        int finalFrame = Integer.BYTES + Integer.BYTES + IV + Integer.BYTES + messageSize + TAG;
        return messageLength - finalFrame - TAG;
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no DRBG", e);
        }
    }
}
