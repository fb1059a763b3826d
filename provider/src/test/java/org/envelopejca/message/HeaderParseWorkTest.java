package org.envelopejca.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.SplittableRandom;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.keyring.RawAesKeyring;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Header parsing is linear in the header's length whatever the size of the pieces it arrives in: the parser keeps
 * its position instead of re-reading the header from its start as fields arrive. Counted in bytes the parser reads,
 * never timed.
 */
class HeaderParseWorkTest {
    private static final int EDKS = 3000;

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 4096})
    void headerBytesParsedStayLinearInTheHeaderLength(int chunk) throws Exception {
        byte[] header = header(EDKS, new SplittableRandom(chunk));
        MessageDecryptor decryptor = new MessageDecryptor(
                new DecryptionSettings(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT, 0xFFFF, Map.of()),
                new RawAesKeyring(new SecretKeySpec(new byte[32], "AES"), "ns", "k", new SecureRandom()));
        byte[] out = new byte[chunk];
        long mostOutputAnnounced = 0;
        // Everything but the last byte of the tag: the header is then parsed up to its last field.
        for (int off = 0; off < header.length - 1; off += chunk) {
            int n = Math.min(chunk, header.length - 1 - off);
            // What the Cipher allocates per update: header bytes held can never come out as plaintext.
            mostOutputAnnounced = Math.max(mostOutputAnnounced, decryptor.maxOutputLength(n) - n);
            decryptor.update(header, off, n, out, 0);
        }
        assertNull(decryptor.header());
        long parsed = decryptor.headerBytesParsed();
        assertTrue(parsed <= 2L * header.length, "parsed " + parsed + " bytes for a header of " + header.length
                + " bytes in pieces of " + chunk);
        // and the count is a count: every byte fed was looked at, but those of the last field, the 16-byte header
        // tag, which is not complete while the header's last byte is held back
        assertTrue(parsed >= header.length - 16L, "counted " + parsed + " of " + (header.length - 1) + " bytes fed");
        assertEquals(0, mostOutputAnnounced, "header bytes held were announced as possible output");
    }

    /** A version 2 header (suite 0x0478, empty context) with {@code edks} EDKs of about raw-AES size. */
    static byte[] header(int edks, SplittableRandom random) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(2);
        out.writeShort(0x0478);
        out.write(random(random, 32));
        out.writeShort(0);
        out.writeShort(edks);
        byte[] id = "ns".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < edks; i++) {
            out.writeShort(id.length);
            out.write(id);
            out.writeShort(21);
            out.write(random(random, 21));
            out.writeShort(48);
            out.write(random(random, 48));
        }
        out.writeByte(2);
        out.writeInt(4096);
        out.write(random(random, 32));
        out.write(random(random, 16));
        return bytes.toByteArray();
    }

    private static byte[] random(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
