package org.envelopejca.hardening;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.EnvelopeDecryptionException;
import org.envelopejca.MalformedMessageException;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.properties.Messages;

/**
 * Huge headers read with the limits raised to their maximum ({@code maxEncryptedDataKeys(65535)}), in a JVM of its
 * own that {@link HostileMessageTest} starts with a 64 MiB heap. The headers are generated as they are fed (64 KiB
 * per {@code update}), never held whole:
 *
 * <ul>
 *   <li>{@code claimed}: 65 535 EDKs whose three fields all claim 65 535 bytes and carry them (12 GiB of header);
 *   <li>{@code largest}: 65 535 EDKs of 127 bytes, a well-formed header just under the header cap (8 MiB), with a
 *       random tag: the reader must hold it whole, find no data key and fail.
 * </ul>
 *
 * Prints one line per header: {@code HUGE-HEADER name=... fed=<bytes> result=<exception class>}; an
 * OutOfMemoryError is caught and printed as the result.
 */
public final class HugeHeaderMain {
    static final String PREFIX = "HUGE-HEADER";
    private static final int CHUNK = 64 << 10;
    /** More than any cap: a reader still accepting bytes past this buffers what it should refuse. */
    private static final long FEED_LIMIT = 256L << 20;

    private HugeHeaderMain() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run("claimed", 0xFFFF, 0xFFFF, 0xFFFF));
        System.out.println(run("largest", 2, 50, 69));
        System.out.flush();
    }

    /** Feeds a v2 header of 65 535 EDKs with the given field lengths; returns the summary line. */
    static String run(String name, int idLength, int infoLength, int ciphertextLength) throws Exception {
        HeaderStream header = new HeaderStream(idLength, infoLength, ciphertextLength);
        Cipher cipher = Messages.newCipher();
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(new byte[32], "AES"),
                Messages.reading(AlgorithmSuite.byId(0x0478).orElseThrow()).maxEncryptedDataKeys(65_535).build());
        byte[] chunk = new byte[CHUNK];
        long fed = 0;
        Throwable result = null;
        try {
            int n;
            while ((n = header.read(chunk)) > 0 && fed < FEED_LIMIT) {
                cipher.update(chunk, 0, n);
                fed += n;
            }
            cipher.doFinal();
        } catch (EnvelopeDecryptionException e) {
            result = e.getCause() != null ? e.getCause() : e;
        } catch (Throwable t) {
            result = t;
        }
        String verdict = result == null ? "none"
                : result instanceof MalformedMessageException || result instanceof AEADBadTagException
                        ? result.getClass().getSimpleName() : "violation:" + result;
        return PREFIX + " name=" + name + " fed=" + fed + " result=" + verdict
                + " message=" + (result == null ? "" : String.valueOf(result.getMessage()).replaceAll("\\s", " "));
    }

    /** The header's bytes, generated in order: version 2, suite 0x0478, empty context, 65 535 EDKs, tail. */
    private static final class HeaderStream {
        private static final int FIELDS = 3 * 0xFFFF;
        private final SplittableRandom random = new SplittableRandom(20261207);
        private final int[] lengths;
        /** The next EDK field (0 .. FIELDS - 1), FIELDS for the tail, past it for the end. */
        private int field;
        private byte[] current;
        private int currentPos;

        HeaderStream(int idLength, int infoLength, int ciphertextLength) {
            this.lengths = new int[] {idLength, infoLength, ciphertextLength};
            byte[] prefix = new byte[1 + 2 + 32 + 2 + 2];
            random.nextBytes(prefix); // the message ID
            prefix[0] = 2;
            prefix[1] = 0x04;
            prefix[2] = 0x78;
            prefix[35] = 0;
            prefix[36] = 0; // AAD length 0: empty context
            prefix[37] = (byte) 0xFF;
            prefix[38] = (byte) 0xFF; // 65 535 EDKs
            current = prefix;
        }

        int read(byte[] b) {
            int n = 0;
            while (n < b.length) {
                if (currentPos == current.length && !next()) {
                    break;
                }
                int k = Math.min(b.length - n, current.length - currentPos);
                System.arraycopy(current, currentPos, b, n, k);
                n += k;
                currentPos += k;
            }
            return n;
        }

        /** The next piece: an EDK field's length and value (provider IDs in ASCII), or the header's tail. */
        private boolean next() {
            if (field > FIELDS) {
                return false;
            }
            if (field == FIELDS) {
                byte[] tail = new byte[1 + 4 + 32 + 16]; // content type, frame length, suite data, tag
                random.nextBytes(tail);
                tail[0] = 2;
                tail[1] = 0;
                tail[2] = 0;
                tail[3] = 0x10;
                tail[4] = 0;
                current = tail;
            } else {
                int length = lengths[field % 3];
                byte[] value = new byte[2 + length];
                if (field % 3 == 0) {
                    java.util.Arrays.fill(value, (byte) 'a');
                } else {
                    random.nextBytes(value);
                }
                value[0] = (byte) (length >>> 8);
                value[1] = (byte) length;
                current = value;
            }
            currentPos = 0;
            field++;
            return true;
        }
    }
}
