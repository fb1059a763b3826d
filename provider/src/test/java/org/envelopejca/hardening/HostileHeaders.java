package org.envelopejca.hardening;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Message headers carrying terminal escape sequences and other hostile characters where a message carries text:
 * provider IDs, provider info and the encryption context. Shared by the provider's exception tests and the CLI's
 * output tests (through the provider's test jar), so both read the same hostile bytes.
 */
public final class HostileHeaders {
    /** OSC 52 (set the clipboard) ended by BEL, a colour change, NUL, a forged new line, a right-to-left override. */
    public static final String HOSTILE = "\u001B]52;c;ZWNobyBwd25lZA==\u0007\u001B[31mred\u0000\r\nforged: line\u202Eevil";

    private HostileHeaders() {
    }

    /** One encrypted data key entry of the header: its provider ID and provider info (the ciphertext is random). */
    public record Edk(String providerId, byte[] providerInfo) {
    }

    /**
     * A version 2 header (suite 0x0478) whose context holds one entry with the hostile string in key and value, with
     * the given EDKs (random ciphertext) and a random tag (data-format/message-header.md); no frame follows.
     */
    public static byte[] header(List<Edk> edks) {
        SplittableRandom random = new SplittableRandom(13);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(2);
            out.writeShort(0x0478);
            out.write(randomBytes(random, 32));
            byte[] key = ("ctx" + HOSTILE).getBytes(StandardCharsets.UTF_8);
            byte[] value = HOSTILE.getBytes(StandardCharsets.UTF_8);
            out.writeShort(2 + 2 + key.length + 2 + value.length);
            out.writeShort(1);
            out.writeShort(key.length);
            out.write(key);
            out.writeShort(value.length);
            out.write(value);
            out.writeShort(edks.size());
            for (Edk edk : edks) {
                byte[] id = edk.providerId().getBytes(StandardCharsets.UTF_8);
                out.writeShort(id.length);
                out.write(id);
                out.writeShort(edk.providerInfo().length);
                out.write(edk.providerInfo());
                out.writeShort(48);
                out.write(randomBytes(random, 48));
            }
            out.writeByte(2);
            out.writeInt(4096);
            out.write(randomBytes(random, 32));
            out.write(randomBytes(random, 16));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
