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
 * Parses one header as its bytes arrive, keeping its position: each call reads on from the field where the previous
 * one stopped, so the work is linear in the header's length whatever the sizes of the pieces. Every length is
 * checked against the header cap before the caller is asked for (and buffers) that many bytes.
 * Spec: data-format/message-header.md.
 *
 * <p>The caller hands over the header's bytes from its first byte on each call (more of them each time); fields
 * already read are not read again. One instance per header.
 */
final class HeaderParser {
    /**
     * The longest header apart from its EDKs (message-header.md field sizes; version 2, whose 32-byte message ID and
     * suite data outweigh version 1's type, reserved, IV length and IV fields): version 1, suite ID 2, message ID 32,
     * AAD length 2 and AAD 65 535, EDK count 2, content type 1, frame length 4, suite data 32, tag 16.
     */
    static final int MAX_FIXED_LENGTH = 1 + 2 + 32 + 2 + 0xFFFF + 2 + 1 + 4 + 32 + 16;
    /** The longest EDK: provider ID, provider info and ciphertext, each a u16 length and up to 65 535 bytes. */
    static final int MAX_EDK_LENGTH = 3 * (2 + 0xFFFF);
    /**
     * Headers longer than this are refused whatever the EDK limit: a reader holds the header and its parsed EDKs
     * until it can authenticate it, and a legal header of 65 535 EDKs could reach 12 GiB. 8 MiB holds every legal
     * header of up to 42 EDKs, and 65 535 EDKs of up to 127 bytes each with the largest context (a raw AES EDK is
     * about 100 bytes; a KMS EDK about 270, so some 30 000 of them); the largest such header, read through a Cipher
     * in a 64 MiB heap, does not exhaust it (the hardening suite checks this).
     */
    static final int MAX_HEADER_LENGTH = 8 << 20;

    private enum Field {
        VERSION, TYPE, SUITE, MESSAGE_ID, AAD_LENGTH, AAD, EDK_COUNT, EDK_FIELD_LENGTH, EDK_FIELD, CONTENT_TYPE,
        RESERVED, IV_LENGTH, FRAME_LENGTH, SUITE_DATA, HEADER_IV, TAG, DONE
    }

    private final int maxEdks;
    private final int cap;

    private Field field = Field.VERSION;
    /** Bytes of the header read so far: where the next field starts, counted from the header's first byte. */
    private int pos;
    private int needed = 1;
    private long bytesParsed;

    private int version;
    private AlgorithmSuite suite;
    private byte[] messageId;
    private int aadLength;
    private Map<String, String> context;
    private int edkCount;
    private List<EncryptedDataKey> edks;
    /** Which field of the current EDK comes next (0 provider ID, 1 provider info, 2 ciphertext), and its length. */
    private int edkPart;
    private int edkFieldLength;
    private String providerId;
    private byte[] providerInfo;
    private ContentType contentType;
    private long frameLength;
    private byte[] suiteData;
    private int bodyLength;
    private byte[] headerIv;

    HeaderParser(int maxEncryptedDataKeys) {
        this.maxEdks = maxEncryptedDataKeys;
        this.cap = headerCap(maxEncryptedDataKeys);
    }

    /**
     * The longest header a reader with this EDK limit accepts: the longest legal header with that many EDKs
     * ({@link #MAX_FIXED_LENGTH} + limit × {@link #MAX_EDK_LENGTH}; 3 211 403 bytes for the default 16), at most
     * {@link #MAX_HEADER_LENGTH}.
     */
    static int headerCap(int maxEncryptedDataKeys) {
        return (int) Math.min(MAX_HEADER_LENGTH, MAX_FIXED_LENGTH + (long) maxEncryptedDataKeys * MAX_EDK_LENGTH);
    }

    /** The longest header this parser accepts. */
    int cap() {
        return cap;
    }

    /** The least total number of header bytes needed to go on (never more than the cap). */
    int needed() {
        return needed;
    }

    /** Header bytes read by all calls so far: linear in the header's length. */
    long bytesParsed() {
        return bytesParsed;
    }

    /**
     * Reads on. {@code buf[off .. off + len)} holds the header's first {@code len} bytes (at least those of the
     * previous call). Returns the header once complete ({@link MessageHeader#length()} bytes of it), null while
     * {@link #needed()} bytes are not all there.
     */
    MessageHeader parse(byte[] buf, int off, int len) throws MessageFormatException {
        while (true) {
            switch (field) {
                case VERSION -> {
                    if (!has(len, 1)) {
                        return null;
                    }
                    version = u8(buf, off);
                    if (version != 1 && version != 2) {
                        throw new MessageFormatException(String.format("unsupported message format version 0x%02X", version));
                    }
                    field = version == 1 ? Field.TYPE : Field.SUITE;
                }
                case TYPE -> {
                    if (!has(len, 1)) {
                        return null;
                    }
                    int type = u8(buf, off);
                    if (type != 0x80) {
                        throw new MessageFormatException(String.format("unsupported message type 0x%02X", type));
                    }
                    field = Field.SUITE;
                }
                case SUITE -> {
                    if (!has(len, 2)) {
                        return null;
                    }
                    int suiteId = u16(buf, off);
                    suite = AlgorithmSuite.byId(suiteId).orElseThrow(
                            () -> new MessageFormatException(String.format("unknown algorithm suite 0x%04X", suiteId)));
                    if (suite.messageFormatVersion() != version) {
                        throw new MessageFormatException(String.format("algorithm suite 0x%04X is not a version %d suite", suiteId, version));
                    }
                    field = Field.MESSAGE_ID;
                }
                case MESSAGE_ID -> {
                    if (!has(len, version == 1 ? 16 : 32)) {
                        return null;
                    }
                    messageId = bytes(buf, off, version == 1 ? 16 : 32);
                    field = Field.AAD_LENGTH;
                }
                case AAD_LENGTH -> {
                    if (!has(len, 2)) {
                        return null;
                    }
                    aadLength = u16(buf, off);
                    field = Field.AAD;
                }
                case AAD -> {
                    if (!has(len, aadLength)) {
                        return null;
                    }
                    try {
                        context = EncryptionContextCodec.parse(buf, off + pos, aadLength);
                    } catch (IllegalArgumentException e) {
                        throw new MessageFormatException("malformed encryption context: " + e.getMessage());
                    }
                    advance(aadLength);
                    field = Field.EDK_COUNT;
                }
                case EDK_COUNT -> {
                    if (!has(len, 2)) {
                        return null;
                    }
                    edkCount = u16(buf, off);
                    if (edkCount == 0) {
                        throw new MessageFormatException("message has no encrypted data key");
                    }
                    // Spec: client-apis/decrypt.md, max encrypted data keys: stop as soon as the count passes the limit.
                    if (edkCount > maxEdks) {
                        throw new MessageFormatException("message has " + edkCount + " encrypted data keys, more than the limit of " + maxEdks);
                    }
                    // Grows with the EDKs actually read, never with the count claimed.
                    edks = new ArrayList<>(Math.min(edkCount, 16));
                    field = Field.EDK_FIELD_LENGTH;
                }
                case EDK_FIELD_LENGTH -> {
                    if (!has(len, 2)) {
                        return null;
                    }
                    edkFieldLength = u16(buf, off);
                    field = Field.EDK_FIELD;
                }
                case EDK_FIELD -> {
                    if (!has(len, edkFieldLength)) {
                        return null;
                    }
                    byte[] value = bytes(buf, off, edkFieldLength);
                    switch (edkPart) {
                        case 0 -> providerId = utf8(value);
                        case 1 -> providerInfo = value;
                        default -> {
                            edks.add(new EncryptedDataKey(providerId, providerInfo, value));
                            providerId = null;
                            providerInfo = null;
                        }
                    }
                    edkPart = (edkPart + 1) % 3;
                    field = edkPart == 0 && edks.size() == edkCount ? Field.CONTENT_TYPE : Field.EDK_FIELD_LENGTH;
                }
                case CONTENT_TYPE -> {
                    if (!has(len, 1)) {
                        return null;
                    }
                    int code = u8(buf, off);
                    contentType = switch (code) {
                        case 1 -> ContentType.NON_FRAMED;
                        case 2 -> ContentType.FRAMED;
                        default -> throw new MessageFormatException(String.format("unknown content type 0x%02X", code));
                    };
                    field = version == 1 ? Field.RESERVED : Field.FRAME_LENGTH;
                }
                case RESERVED -> {
                    if (!has(len, 4)) {
                        return null;
                    }
                    if (u32(buf, off) != 0) {
                        throw new MessageFormatException("reserved header field is not zero");
                    }
                    field = Field.IV_LENGTH;
                }
                case IV_LENGTH -> {
                    if (!has(len, 1)) {
                        return null;
                    }
                    int ivLength = u8(buf, off);
                    if (ivLength != AlgorithmSuite.IV_LENGTH) {
                        throw new MessageFormatException("header IV length is " + ivLength + ", not 12");
                    }
                    field = Field.FRAME_LENGTH;
                }
                case FRAME_LENGTH -> {
                    if (!has(len, 4)) {
                        return null;
                    }
                    frameLength = u32(buf, off);
                    if (contentType == ContentType.FRAMED && (frameLength == 0 || frameLength > MessageLimits.MAX_FRAME_LENGTH)) {
                        throw new MessageFormatException("frame length " + frameLength + " is outside 1.." + MessageLimits.MAX_FRAME_LENGTH);
                    }
                    if (contentType == ContentType.NON_FRAMED && frameLength != 0) {
                        throw new MessageFormatException("non-framed message has frame length " + frameLength);
                    }
                    bodyLength = pos;
                    field = version == 2 ? Field.SUITE_DATA : Field.HEADER_IV;
                }
                case SUITE_DATA -> {
                    if (!has(len, 32)) {
                        return null;
                    }
                    suiteData = bytes(buf, off, 32);
                    bodyLength = pos;
                    field = Field.TAG;
                }
                case HEADER_IV -> {
                    if (!has(len, AlgorithmSuite.IV_LENGTH)) {
                        return null;
                    }
                    headerIv = bytes(buf, off, AlgorithmSuite.IV_LENGTH);
                    field = Field.TAG;
                }
                case TAG -> {
                    if (!has(len, AlgorithmSuite.TAG_LENGTH)) {
                        return null;
                    }
                    byte[] tag = bytes(buf, off, AlgorithmSuite.TAG_LENGTH);
                    field = Field.DONE;
                    needed = pos;
                    byte[] body = Arrays.copyOfRange(buf, off, off + bodyLength);
                    return new MessageHeader(version, suite, messageId, context, edks, contentType, (int) frameLength,
                            headerIv, suiteData, tag, body);
                }
                default -> throw new IllegalStateException("header already parsed");
            }
        }
    }

    /**
     * Whether the next {@code n} bytes are present; if not, records how many the header needs in all, refusing first
     * a header that would pass the cap: nothing of that size is waited for, so nothing of it is buffered.
     */
    private boolean has(int len, int n) throws MessageFormatException {
        long total = (long) pos + n;
        if (total > cap) {
            throw new MessageFormatException("message header is longer than the limit of " + cap + " bytes"
                    + (cap == MAX_HEADER_LENGTH ? "" : " for at most " + maxEdks + " encrypted data keys"));
        }
        if (len < total) {
            needed = (int) total;
            return false;
        }
        return true;
    }

    private void advance(int n) {
        pos += n;
        bytesParsed += n;
    }

    private int u8(byte[] b, int off) {
        int v = b[off + pos] & 0xFF;
        advance(1);
        return v;
    }

    private int u16(byte[] b, int off) {
        int v = Bytes.u16(b, off + pos);
        advance(2);
        return v;
    }

    private long u32(byte[] b, int off) {
        long v = Bytes.u32(b, off + pos);
        advance(4);
        return v;
    }

    private byte[] bytes(byte[] b, int off, int n) {
        byte[] v = Arrays.copyOfRange(b, off + pos, off + pos + n);
        advance(n);
        return v;
    }

    private static String utf8(byte[] b) throws MessageFormatException {
        boolean ascii = true;
        for (int i = 0; i < b.length && ascii; i++) {
            ascii = b[i] >= 0;
        }
        if (ascii) {
            return new String(b, StandardCharsets.US_ASCII); // ASCII is valid UTF-8 as it stands
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new MessageFormatException("key provider ID is not valid UTF-8");
        }
    }
}
