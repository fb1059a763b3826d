package org.envelopejca.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The ceiling Envelope is measured against: the JDK's own AES/GCM (SunJCE) doing exactly the frame work of an ESDK
 * message body and nothing else. One Cipher is re-initialised per frame with a fresh 12-byte IV and a per-frame AAD
 * of the ESDK body AAD's shape, and every frame (sequence number, IV, ciphertext, tag; the final frame also its
 * marker and length) goes into one output array. No header, no key derivation, no data key: what Envelope costs
 * beyond this is the price of the message format and of the JCA adapter.
 */
final class RawGcmFraming {
    static final int IV_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    private static final int TAG_BITS = TAG_LENGTH * 8;
    private static final int FINAL_FRAME_MARKER = 0xFFFF_FFFF;
    private static final int MESSAGE_ID_LENGTH = 32;
    // message-body-aad.md: the body AAD content strings
    private static final byte[] FRAME = "AWSKMSEncryptionClient Frame".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FINAL_FRAME = "AWSKMSEncryptionClient Final Frame".getBytes(StandardCharsets.UTF_8);

    private final Cipher cipher;
    private final SecretKey key;
    private final int frameLength;
    private final byte[] messageId;
    private final byte[] iv = new byte[IV_LENGTH];
    private final byte[] aad = new byte[MESSAGE_ID_LENGTH + FINAL_FRAME.length + Integer.BYTES + Long.BYTES];
    // A fixed key needs a fresh IV per message (ESDK gets that from a fresh data key instead); SunJCE refuses a
    // repeated key and IV pair for encryption, so the IV's first eight bytes count messages.
    private long messageCounter;

    RawGcmFraming(SecretKey key, int frameLength, byte[] messageId) throws GeneralSecurityException {
        this(key, frameLength, messageId, null);
    }

    /** The same frame work with {@code provider}'s AES/GCM (ACCP for the raw-accp ceiling); null: SunJCE. */
    RawGcmFraming(SecretKey key, int frameLength, byte[] messageId, java.security.Provider provider)
            throws GeneralSecurityException {
        if (messageId.length != MESSAGE_ID_LENGTH) {
            throw new IllegalArgumentException("message ID must be " + MESSAGE_ID_LENGTH + " bytes");
        }
        this.cipher = provider == null ? Cipher.getInstance("AES/GCM/NoPadding", "SunJCE")
                : Cipher.getInstance("AES/GCM/NoPadding", provider);
        this.key = key;
        this.frameLength = frameLength;
        this.messageId = messageId.clone();
        System.arraycopy(messageId, 0, aad, 0, MESSAGE_ID_LENGTH);
    }

    /** Length of the framed body for a plaintext (message-body.md: regular frames, then a mandatory final frame). */
    static int bodyLength(int plaintextLength, int frameLength) {
        int regularFrames = plaintextLength / frameLength;
        int finalContent = plaintextLength - regularFrames * frameLength;
        int regular = Integer.BYTES + IV_LENGTH + frameLength + TAG_LENGTH;
        int finalFrame = Integer.BYTES + Integer.BYTES + IV_LENGTH + Integer.BYTES + finalContent + TAG_LENGTH;
        return regularFrames * regular + finalFrame;
    }

    /** Writes the framed body of {@code plaintext} into {@code body}; returns the number of bytes written. */
    int encrypt(byte[] plaintext, byte[] body) throws GeneralSecurityException {
        ByteBuffer out = ByteBuffer.wrap(body);
        long message = ++messageCounter;
        int sequence = 1;
        int offset = 0;
        // a plaintext that is an exact multiple of the frame length still ends with an (empty) final frame
        while (plaintext.length - offset >= frameLength) {
            out.putInt(sequence);
            setIv(message, sequence);
            out.put(iv);
            sealFrame(FRAME, sequence, plaintext, offset, frameLength, out);
            offset += frameLength;
            sequence++;
        }
        int finalLength = plaintext.length - offset;
        out.putInt(FINAL_FRAME_MARKER).putInt(sequence);
        setIv(message, sequence);
        out.put(iv).putInt(finalLength);
        sealFrame(FINAL_FRAME, sequence, plaintext, offset, finalLength, out);
        return out.position();
    }

    /** Opens a body written by {@link #encrypt} into {@code plaintext}; returns the plaintext length. */
    int decrypt(byte[] body, int bodyLength, byte[] plaintext) throws GeneralSecurityException {
        ByteBuffer in = ByteBuffer.wrap(body, 0, bodyLength);
        int written = 0;
        while (true) {
            int first = in.getInt();
            boolean last = first == FINAL_FRAME_MARKER;
            int sequence = last ? in.getInt() : first;
            in.get(iv);
            int length = last ? in.getInt() : frameLength;
            setAad(last ? FINAL_FRAME : FRAME, sequence, length);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad, 0, aadLength(last ? FINAL_FRAME : FRAME));
            written += cipher.doFinal(body, in.position(), length + TAG_LENGTH, plaintext, written);
            in.position(in.position() + length + TAG_LENGTH);
            if (last) {
                return written;
            }
        }
    }

    private void sealFrame(byte[] content, int sequence, byte[] plaintext, int offset, int length, ByteBuffer out)
            throws GeneralSecurityException {
        setAad(content, sequence, length);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(aad, 0, aadLength(content));
        int sealed = cipher.doFinal(plaintext, offset, length, out.array(), out.position());
        out.position(out.position() + sealed);
    }

    private void setIv(long message, int sequence) {
        ByteBuffer.wrap(iv).putLong(message).putInt(sequence);
    }

    // message-body-aad.md: message ID || body AAD content string || sequence number u32 || content length u64
    private void setAad(byte[] content, int sequence, long length) {
        ByteBuffer.wrap(aad, MESSAGE_ID_LENGTH, aad.length - MESSAGE_ID_LENGTH)
                .put(content).putInt(sequence).putLong(length);
    }

    private static int aadLength(byte[] content) {
        return MESSAGE_ID_LENGTH + content.length + Integer.BYTES + Long.BYTES;
    }
}
