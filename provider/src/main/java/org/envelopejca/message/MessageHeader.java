package org.envelopejca.message;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.envelopejca.keyring.EncryptedDataKey;

/**
 * A parsed (or freshly written) message header. Spec: data-format/message-header.md.
 * Byte arrays are copied on the way out; the serialized body is kept for header authentication and signatures.
 */
public final class MessageHeader {
    private final int version;
    private final AlgorithmSuite suite;
    private final byte[] messageId;
    private final Map<String, String> encryptionContext;
    private final List<EncryptedDataKey> encryptedDataKeys;
    private final ContentType contentType;
    private final int frameLength;
    private final byte[] headerIv;
    private final byte[] suiteData;
    private final byte[] authTag;
    private final byte[] body;

    MessageHeader(int version, AlgorithmSuite suite, byte[] messageId, Map<String, String> encryptionContext,
                  List<EncryptedDataKey> encryptedDataKeys, ContentType contentType, int frameLength,
                  byte[] headerIv, byte[] suiteData, byte[] authTag, byte[] body) {
        this.version = version;
        this.suite = suite;
        this.messageId = messageId;
        this.encryptionContext = Map.copyOf(encryptionContext);
        this.encryptedDataKeys = List.copyOf(encryptedDataKeys);
        this.contentType = contentType;
        this.frameLength = frameLength;
        this.headerIv = headerIv;
        this.suiteData = suiteData;
        this.authTag = authTag;
        this.body = body;
    }

    /**
     * Reads one header from {@code in}, consuming exactly its bytes. Does not authenticate it (that needs the data
     * key): for inspection only.
     *
     * @throws MessageFormatException when the bytes are not a header or name more EDKs than allowed
     * @throws IOException            when the stream fails or ends inside the header
     */
    public static MessageHeader read(InputStream in, int maxEncryptedDataKeys) throws IOException, MessageFormatException {
        HeaderParser parser = new HeaderParser(maxEncryptedDataKeys);
        byte[] buf = new byte[64];
        int have = 0;
        while (true) {
            MessageHeader header = parser.parse(buf, 0, have);
            if (header != null) {
                return header;
            }
            int needed = parser.needed();
            if (needed > buf.length) {
                // Doubles (never past the parser's cap), so bytes are copied a bounded number of times each.
                buf = Arrays.copyOf(buf, Math.max(needed, (int) Math.min(2L * buf.length, parser.cap())));
            }
            int n = in.readNBytes(buf, have, needed - have);
            if (n < needed - have) {
                throw new IOException("input ends inside the message header");
            }
            have = needed;
        }
    }

    /** 1 or 2. */
    public int version() { return version; }

    public AlgorithmSuite suite() { return suite; }

    public byte[] messageId() { return messageId.clone(); }

    /** The encryption context stored in the message (required context is not stored). */
    public Map<String, String> encryptionContext() { return encryptionContext; }

    public List<EncryptedDataKey> encryptedDataKeys() { return encryptedDataKeys; }

    public ContentType contentType() { return contentType; }

    /** Frame length of framed messages, 0 for non-framed ones. */
    public int frameLength() { return frameLength; }

    /** Length of the whole serialized header, authentication included. */
    public int length() {
        return body.length + (version == 1 ? AlgorithmSuite.IV_LENGTH : 0) + AlgorithmSuite.TAG_LENGTH;
    }

    byte[] messageIdRef() { return messageId; }

    byte[] headerIvRef() { return headerIv; }

    byte[] suiteDataRef() { return suiteData; }

    byte[] authTagRef() { return authTag; }

    byte[] bodyRef() { return body; }

    @Override
    public String toString() {
        return "MessageHeader[v" + version + ", " + suite + ", " + contentType + ", frameLength=" + frameLength
                + ", contextKeys=" + encryptionContext.keySet() + ", edks=" + encryptedDataKeys.size() + "]";
    }
}
