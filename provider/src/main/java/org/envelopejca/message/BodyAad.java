package org.envelopejca.message;

import java.nio.charset.StandardCharsets;

/**
 * The AAD of each body part: message ID, body AAD content string, sequence number (u32), content length (u64).
 * Spec: data-format/message-body-aad.md. One buffer per message, refilled per frame.
 */
final class BodyAad {
    static final byte[] FRAME = "AWSKMSEncryptionClient Frame".getBytes(StandardCharsets.UTF_8);
    static final byte[] FINAL_FRAME = "AWSKMSEncryptionClient Final Frame".getBytes(StandardCharsets.UTF_8);
    static final byte[] SINGLE_BLOCK = "AWSKMSEncryptionClient Single Block".getBytes(StandardCharsets.UTF_8);

    private final byte[] buf;
    private final int idLength;

    BodyAad(byte[] messageId) {
        idLength = messageId.length;
        buf = new byte[idLength + SINGLE_BLOCK.length + 12];
        System.arraycopy(messageId, 0, buf, 0, idLength);
    }

    /** Fills the buffer for one part and returns the AAD length. */
    int fill(byte[] contentString, long sequenceNumber, long contentLength) {
        int p = idLength;
        System.arraycopy(contentString, 0, buf, p, contentString.length);
        p += contentString.length;
        Bytes.putU32(buf, p, sequenceNumber);
        Bytes.putU64(buf, p + 4, contentLength);
        return p + 12;
    }

    byte[] buffer() {
        return buf;
    }
}
