package org.envelopejca.message;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.keyring.EncryptionContextCodec;

/**
 * Parses a header from a prefix of the input, bounded: every length is checked against what is present and against
 * the limits before anything of that size is allocated. When the prefix is too short it says how many bytes it
 * needs at least, so callers re-parse only once that many arrived. Spec: data-format/message-header.md.
 */
final class HeaderParser {
    /**
     * Headers longer than this are refused: 65 535 EDKs of three u16 fields could claim 12 GiB, and a decryptor
     * buffers the header before it can authenticate it. 64 MiB holds 340 EDKs of maximal size.
     */
    static final int MAX_HEADER_LENGTH = 64 << 20;

    /** Either a header and its length, or the least total number of bytes needed to go on. */
    record Result(MessageHeader header, int length, int needed, long bytesParsed) {
    }

    private HeaderParser() {
    }

    static Result parse(byte[] buf, int off, int len, int maxEncryptedDataKeys) throws MessageFormatException {
        Cursor c = new Cursor(buf, off, len);
        try {
            MessageHeader h = parse(c, maxEncryptedDataKeys);
            return new Result(h, c.pos - off, 0, c.parsed);
        } catch (Underflow u) {
            return new Result(null, 0, u.needed, c.parsed);
        }
    }

    private static MessageHeader parse(Cursor c, int maxEdks) throws Underflow, MessageFormatException {
        // Every field read below goes through Cursor.need, which refuses to wait for more than MAX_HEADER_LENGTH.
        int version = c.u8();
        if (version != 1 && version != 2) {
            throw new MessageFormatException(String.format("unsupported message format version 0x%02X", version));
        }
        if (version == 1) {
            int type = c.u8();
            if (type != 0x80) {
                throw new MessageFormatException(String.format("unsupported message type 0x%02X", type));
            }
        }
        int suiteId = c.u16();
        AlgorithmSuite suite = AlgorithmSuite.byId(suiteId).orElseThrow(
                () -> new MessageFormatException(String.format("unknown algorithm suite 0x%04X", suiteId)));
        if (suite.messageFormatVersion() != version) {
            throw new MessageFormatException(String.format("algorithm suite 0x%04X is not a version %d suite", suiteId, version));
        }
        byte[] messageId = c.bytes(version == 1 ? 16 : 32);

        int aadLength = c.u16();
        c.need(aadLength);
        Map<String, String> context;
        try {
            context = EncryptionContextCodec.parse(c.buf, c.pos, aadLength);
        } catch (IllegalArgumentException e) {
            throw new MessageFormatException("malformed encryption context: " + e.getMessage());
        }
        c.pos += aadLength;

        int edkCount = c.u16();
        if (edkCount == 0) {
            throw new MessageFormatException("message has no encrypted data key");
        }
        // Spec: client-apis/decrypt.md, max encrypted data keys: stop as soon as the count passes the limit.
        if (edkCount > maxEdks) {
            throw new MessageFormatException("message has " + edkCount + " encrypted data keys, more than the limit of " + maxEdks);
        }
        List<EncryptedDataKey> edks = new ArrayList<>(edkCount);
        for (int i = 0; i < edkCount; i++) {
            String providerId = utf8(c.bytes(c.u16()));
            byte[] providerInfo = c.bytes(c.u16());
            byte[] ciphertext = c.bytes(c.u16());
            edks.add(new EncryptedDataKey(providerId, providerInfo, ciphertext));
        }

        int contentTypeCode = c.u8();
        ContentType contentType = switch (contentTypeCode) {
            case 1 -> ContentType.NON_FRAMED;
            case 2 -> ContentType.FRAMED;
            default -> throw new MessageFormatException(String.format("unknown content type 0x%02X", contentTypeCode));
        };
        if (version == 1) {
            if (c.u32() != 0) {
                throw new MessageFormatException("reserved header field is not zero");
            }
            int ivLength = c.u8();
            if (ivLength != AlgorithmSuite.IV_LENGTH) {
                throw new MessageFormatException("header IV length is " + ivLength + ", not 12");
            }
        }
        long frameLength = c.u32();
        if (contentType == ContentType.FRAMED && (frameLength == 0 || frameLength > MessageLimits.MAX_FRAME_LENGTH)) {
            throw new MessageFormatException("frame length " + frameLength + " is outside 1.." + MessageLimits.MAX_FRAME_LENGTH);
        }
        if (contentType == ContentType.NON_FRAMED && frameLength != 0) {
            throw new MessageFormatException("non-framed message has frame length " + frameLength);
        }
        byte[] suiteData = version == 2 ? c.bytes(32) : null;
        int bodyEnd = c.pos;
        byte[] headerIv = version == 1 ? c.bytes(AlgorithmSuite.IV_LENGTH) : null;
        byte[] tag = c.bytes(AlgorithmSuite.TAG_LENGTH);
        byte[] body = Arrays.copyOfRange(c.buf, c.start, bodyEnd);
        return new MessageHeader(version, suite, messageId, context, edks, contentType, (int) frameLength,
                headerIv, suiteData, tag, body);
    }

    private static String utf8(byte[] b) throws MessageFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new MessageFormatException("key provider ID is not valid UTF-8");
        }
    }

    /** Thrown when the input ends before a field: carries the least total length that could make progress. */
    static final class Underflow extends Exception {
        private static final long serialVersionUID = 1L;
        final int needed;

        Underflow(int needed) {
            super(null, null, false, false);
            this.needed = needed;
        }
    }

    /** A bounded big-endian reader over a prefix of an array. */
    static final class Cursor {
        final byte[] buf;
        final int start;
        final int end;
        int pos;
        long parsed;

        Cursor(byte[] buf, int off, int len) {
            this.buf = buf;
            this.start = off;
            this.end = off + len;
            this.pos = off;
        }

        void need(int n) throws Underflow, MessageFormatException {
            if (end - pos < n) {
                long needed = (long) pos - start + n;
                if (needed > MAX_HEADER_LENGTH) {
                    throw new MessageFormatException("message header is longer than " + MAX_HEADER_LENGTH + " bytes");
                }
                throw new Underflow((int) needed);
            }
            parsed += n;
        }

        int u8() throws Underflow, MessageFormatException {
            need(1);
            return buf[pos++] & 0xFF;
        }

        int u16() throws Underflow, MessageFormatException {
            need(2);
            int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        long u32() throws Underflow, MessageFormatException {
            need(4);
            long v = Integer.toUnsignedLong(((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16)
                    | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF));
            pos += 4;
            return v;
        }

        byte[] bytes(int n) throws Underflow, MessageFormatException {
            need(n);
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }
    }
}
