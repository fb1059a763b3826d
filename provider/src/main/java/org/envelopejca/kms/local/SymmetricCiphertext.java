package org.envelopejca.kms.local;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * This engine's symmetric ciphertext blob (what Encrypt and GenerateDataKey return for a SYMMETRIC_DEFAULT key):
 * <pre>
 *   0xEC              magic
 *   0x01              format version
 *   u8  n             key ID length (1..64)
 *   n bytes           key ID (ASCII: UUID or mrk- + 32 hex)
 *   u32               backing key version (big-endian, ≥ 1)
 *   12 bytes          AES-GCM IV
 *   rest (≥ 16 bytes) AES-256-GCM ciphertext and 16-byte tag
 * </pre>
 * The GCM AAD binds the header above (magic through version), the key ARN and the encryption context, each
 * length-prefixed so no two different inputs encode alike (see {@link #aad}). As KMS blobs do, the blob names its
 * key, so KMS Decrypt needs no KeyId for it.
 */
record SymmetricCiphertext(String keyId, long version, byte[] iv, byte[] sealed) {
    static final int MAGIC = 0xEC;
    static final int FORMAT_VERSION = 1;
    static final int IV_BYTES = 12;
    static final int TAG_BYTES = 16;
    /** KMS CiphertextBlob limit. */
    static final int MAX_BLOB_BYTES = 6144;
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
            + "|mrk-[0-9a-f]{32}");
    private static final byte[] AAD_LABEL = "envelope-local-kms v1 ciphertext".getBytes(StandardCharsets.US_ASCII);

    /** The bytes before the IV: magic, format version, key ID, backing version. */
    byte[] header() {
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(3 + id.length + 4);
        b.put((byte) MAGIC).put((byte) FORMAT_VERSION).put((byte) id.length).put(id).putInt((int) version);
        return b.array();
    }

    byte[] toBytes() {
        byte[] header = header();
        byte[] out = Arrays.copyOf(header, header.length + IV_BYTES + sealed.length);
        System.arraycopy(iv, 0, out, header.length, IV_BYTES);
        System.arraycopy(sealed, 0, out, header.length + IV_BYTES, sealed.length);
        return out;
    }

    /**
     * Parses a blob; empty when it is not one of ours. Reads only what the blob holds: every length is checked
     * against the bytes present before anything is allocated.
     */
    static Optional<SymmetricCiphertext> parse(byte[] blob) {
        if (blob == null || blob.length > MAX_BLOB_BYTES || blob.length < 3) {
            return Optional.empty();
        }
        if ((blob[0] & 0xFF) != MAGIC || blob[1] != FORMAT_VERSION) {
            return Optional.empty();
        }
        int idLength = blob[2] & 0xFF;
        int ivStart = 3 + idLength + 4;
        if (idLength < 1 || idLength > 64 || blob.length < ivStart + IV_BYTES + TAG_BYTES) {
            return Optional.empty();
        }
        String keyId = new String(blob, 3, idLength, StandardCharsets.US_ASCII);
        if (!KEY_ID.matcher(keyId).matches()) {
            return Optional.empty();
        }
        long version = ByteBuffer.wrap(blob, 3 + idLength, 4).getInt() & 0xFFFFFFFFL;
        if (version < 1) {
            return Optional.empty();
        }
        byte[] iv = Arrays.copyOfRange(blob, ivStart, ivStart + IV_BYTES);
        byte[] sealed = Arrays.copyOfRange(blob, ivStart + IV_BYTES, blob.length);
        return Optional.of(new SymmetricCiphertext(keyId, version, iv, sealed));
    }

    /**
     * The GCM AAD: label, then u32-length-prefixed header, key ARN (UTF-8), and the encryption context as a u32
     * pair count followed by each pair's u32-length-prefixed UTF-8 key and value, sorted by the key's UTF-8 bytes
     * (unsigned), so that the same context always encodes the same and different contexts never do.
     */
    byte[] aad(String keyArn, Map<String, String> context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(AAD_LABEL);
        putBytes(out, header());
        putBytes(out, keyArn.getBytes(StandardCharsets.UTF_8));
        putBytes(out, encodeContext(context));
        return out.toByteArray();
    }

    static byte[] encodeContext(Map<String, String> context) {
        List<byte[][]> pairs = new ArrayList<>(context.size());
        for (Map.Entry<String, String> e : context.entrySet()) {
            pairs.add(new byte[][]{e.getKey().getBytes(StandardCharsets.UTF_8),
                    e.getValue().getBytes(StandardCharsets.UTF_8)});
        }
        pairs.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        putInt(out, pairs.size());
        for (byte[][] pair : pairs) {
            putBytes(out, pair[0]);
            putBytes(out, pair[1]);
        }
        return out.toByteArray();
    }

    private static void putBytes(ByteArrayOutputStream out, byte[] bytes) {
        putInt(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void putInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    @Override
    public String toString() {
        return "SymmetricCiphertext[keyId=" + keyId + ", version=" + version + "]";
    }
}
