package org.envelopejca.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.envelopejca.keyring.EncryptedDataKey;

/** Serializes the header body (everything before the header IV and tag). Spec: data-format/message-header.md. */
final class HeaderWriter {
    private HeaderWriter() {
    }

    static byte[] body(AlgorithmSuite suite, byte[] messageId, byte[] serializedContext, List<EncryptedDataKey> edks,
                       int frameLength, byte[] suiteData) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        int version = suite.messageFormatVersion();
        out.write(version);
        if (version == 1) {
            out.write(0x80); // message type: customer authenticated encrypted data
        }
        u16(out, suite.id());
        out.writeBytes(messageId);
        u16(out, serializedContext.length);
        out.writeBytes(serializedContext);
        u16(out, edks.size());
        for (EncryptedDataKey edk : edks) {
            byte[] id = edk.providerId().getBytes(StandardCharsets.UTF_8);
            field(out, id);
            field(out, edk.providerInfo());
            field(out, edk.ciphertext());
        }
        out.write(ContentType.FRAMED.code());
        if (version == 1) {
            u32(out, 0); // reserved
            out.write(AlgorithmSuite.IV_LENGTH);
        }
        u32(out, frameLength);
        if (version == 2) {
            out.writeBytes(suiteData);
        }
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, byte[] b) {
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("encrypted data key field longer than 65535 bytes");
        }
        u16(out, b.length);
        out.writeBytes(b);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
    }
}
