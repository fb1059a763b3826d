package org.envelopejca.message;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.envelopejca.keyring.EncryptedDataKey;

/** Serializes the header body (everything before the header IV and tag). Spec: data-format/message-header.md. */
final class HeaderWriter {
    private HeaderWriter() {
    }

    /**
     * The header body at the start of an array {@code room} bytes longer than the body (room for the header IV and
     * tag, so the caller writes the whole header into the one array): sized exactly up front and written in place,
     * as a per-message step this costs no growing buffer and no copy.
     */
    static byte[] body(AlgorithmSuite suite, byte[] messageId, byte[] serializedContext, List<EncryptedDataKey> edks,
                       int frameLength, byte[] suiteData, int room) {
        int version = suite.messageFormatVersion();
        int n = edks.size();
        byte[][] ids = new byte[n][];
        byte[][] infos = new byte[n][];
        byte[][] ciphertexts = new byte[n][];
        long length = (version == 1 ? 2 : 1) + 2 + messageId.length + 2 + serializedContext.length + 2;
        for (int i = 0; i < n; i++) {
            EncryptedDataKey edk = edks.get(i);
            ids[i] = checkField(edk.providerId().getBytes(StandardCharsets.UTF_8));
            infos[i] = checkField(edk.providerInfo());
            ciphertexts[i] = checkField(edk.ciphertext());
            length += 6L + ids[i].length + infos[i].length + ciphertexts[i].length;
        }
        length += 1 + (version == 1 ? 5 : 0) + 4 + (version == 2 ? suiteData.length : 0);
        if (length + room > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("message header longer than the largest Java array");
        }
        byte[] out = new byte[(int) length + room];
        int p = 0;
        out[p++] = (byte) version;
        if (version == 1) {
            out[p++] = (byte) 0x80; // message type: customer authenticated encrypted data
        }
        Bytes.putU16(out, p, suite.id());
        p = put(out, p + 2, messageId);
        Bytes.putU16(out, p, serializedContext.length);
        p = put(out, p + 2, serializedContext);
        Bytes.putU16(out, p, n);
        p += 2;
        for (int i = 0; i < n; i++) {
            p = field(out, p, ids[i]);
            p = field(out, p, infos[i]);
            p = field(out, p, ciphertexts[i]);
        }
        out[p++] = (byte) ContentType.FRAMED.code();
        if (version == 1) {
            Bytes.putU32(out, p, 0); // reserved
            out[p + 4] = (byte) AlgorithmSuite.IV_LENGTH;
            p += 5;
        }
        Bytes.putU32(out, p, frameLength);
        p += 4;
        if (version == 2) {
            p = put(out, p, suiteData);
        }
        if (p != length) {
            throw new IllegalStateException("header length misjudged");
        }
        return out;
    }

    private static byte[] checkField(byte[] b) {
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("encrypted data key field longer than 65535 bytes");
        }
        return b;
    }

    private static int field(byte[] out, int p, byte[] b) {
        Bytes.putU16(out, p, b.length);
        return put(out, p + 2, b);
    }

    private static int put(byte[] out, int p, byte[] b) {
        System.arraycopy(b, 0, out, p, b.length);
        return p + b.length;
    }
}
