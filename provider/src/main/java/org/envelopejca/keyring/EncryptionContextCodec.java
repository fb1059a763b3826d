package org.envelopejca.keyring;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ESDK serialization of an encryption context. Spec: framework/structures.md (encryption context) and
 * data-format/message-header.md (AAD, key-value pairs). It lives in the keyring layer because the raw AES keyring
 * binds it as wrapping AAD and the message header stores it: the lowest layer that needs it owns it.
 */
public final class EncryptionContextCodec {

    /** The key/value count, each length and the whole serialization are u16 fields. */
    public static final int MAX_SERIALIZED_LENGTH = 0xFFFF;

    private EncryptionContextCodec() {
    }

    /**
     * Serializes {@code context}: empty context gives zero bytes; else u16 count and the entries sorted by the
     * unsigned UTF-8 bytes of their keys, each as u16 length + key, u16 length + value.
     *
     * @throws IllegalArgumentException when a field or the whole does not fit the u16 lengths
     */
    public static byte[] serialize(Map<String, String> context) {
        if (context.isEmpty()) {
            return new byte[0];
        }
        if (context.size() > 0xFFFF) {
            throw new IllegalArgumentException("encryption context has more than 65535 entries");
        }
        TreeMap<byte[], byte[]> sorted = new TreeMap<>(Arrays::compareUnsigned);
        for (Map.Entry<String, String> e : context.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
            if (k.length > 0xFFFF || v.length > 0xFFFF) {
                throw new IllegalArgumentException("encryption context entry longer than 65535 bytes (key "
                        + abbreviate(e.getKey()) + ")");
            }
            sorted.put(k, v);
        }
        long length = 2;
        for (Map.Entry<byte[], byte[]> e : sorted.entrySet()) {
            length += 4L + e.getKey().length + e.getValue().length;
        }
        if (length > MAX_SERIALIZED_LENGTH) {
            throw new IllegalArgumentException("serialized encryption context is longer than 65535 bytes");
        }
        // Sized up front and written in place: this runs per message (header, raw AES wrapping AAD).
        byte[] out = new byte[(int) length];
        int p = putU16(out, 0, sorted.size());
        for (Map.Entry<byte[], byte[]> e : sorted.entrySet()) {
            p = putField(out, p, e.getKey());
            p = putField(out, p, e.getValue());
        }
        return out;
    }

    /**
     * Parses a serialized context occupying exactly {@code length} bytes (0 for the empty context).
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    public static Map<String, String> parse(byte[] buf, int off, int length) {
        if (length == 0) {
            return Map.of();
        }
        ByteBuffer b = ByteBuffer.wrap(buf, off, length);
        int count = u16(b);
        if (count == 0) {
            throw new IllegalArgumentException("encryption context of non-zero length has zero entries");
        }
        // A TreeMap from the start: the order every reader sees (sorted), and a duplicate key is caught on insertion.
        TreeMap<String, String> result = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            String key = utf8(b, u16(b));
            String value = utf8(b, u16(b));
            if (result.put(key, value) != null) {
                throw new IllegalArgumentException("encryption context has a duplicate key");
            }
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("encryption context has " + b.remaining() + " bytes after its entries");
        }
        return Collections.unmodifiableMap(result);
    }

    private static int u16(ByteBuffer b) {
        if (b.remaining() < 2) {
            throw new IllegalArgumentException("encryption context is shorter than its fields claim");
        }
        return Short.toUnsignedInt(b.getShort());
    }

    private static String utf8(ByteBuffer b, int len) {
        if (b.remaining() < len) {
            throw new IllegalArgumentException("encryption context is shorter than its fields claim");
        }
        byte[] array = b.array();
        int start = b.arrayOffset() + b.position();
        b.position(b.position() + len);
        // ASCII (what contexts almost always are) is valid UTF-8 as it stands: no strict decoder needed.
        boolean ascii = true;
        for (int i = start; i < start + len && ascii; i++) {
            ascii = array[i] >= 0;
        }
        if (ascii) {
            return new String(array, start, len, StandardCharsets.US_ASCII);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(array, start, len));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("encryption context is not valid UTF-8");
        }
    }

    private static int putU16(byte[] out, int p, int v) {
        out[p] = (byte) (v >>> 8);
        out[p + 1] = (byte) v;
        return p + 2;
    }

    private static int putField(byte[] out, int p, byte[] b) {
        p = putU16(out, p, b.length);
        System.arraycopy(b, 0, out, p, b.length);
        return p + b.length;
    }

    private static String abbreviate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "...";
    }
}
