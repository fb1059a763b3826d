package org.envelopejca.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a large header through {@code Cipher.update} in pieces: the work must be linear in the header's length
 * whatever the piece size. One operation feeds a whole header but its last byte (so that parsing runs to the last
 * field and no data key is looked for), from a fresh {@code init}, through the array-returning {@code update}.
 *
 * <ul>
 *   <li>{@code edks65535}: 65 535 EDKs of raw-AES size (provider ID 2 bytes, provider info 32, ciphertext 48; a
 *       header of 5.8 MB), read with {@code maxEncryptedDataKeys(65535)};
 *   <li>{@code max16}: 16 EDKs whose three fields are all 65 535 bytes long (a header of 3.1 MB, the largest the
 *       default limit of 16 EDKs allows), read with the default limit.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class HeaderParsing {
    @Param({"edks65535", "max16"})
    public String header;

    /** Bytes per {@code update} call. */
    @Param({"4096", "16"})
    public int updateSize;

    private byte[] bytes;
    private Cipher cipher;
    private SecretKeySpec key;
    private EnvelopeParameterSpec spec;

    @Setup
    public void setUp() throws GeneralSecurityException, IOException {
        bytes = switch (header) {
            case "edks65535" -> header(65_535, 2, 32, 48);
            case "max16" -> header(16, 0xFFFF, 0xFFFF, 0xFFFF);
            default -> throw new IllegalArgumentException("header " + header);
        };
        spec = EnvelopeParameterSpec.builder().maxEncryptedDataKeys(header.equals("edks65535") ? 65_535 : 16).build();
        key = new SecretKeySpec(new byte[32], "AES");
        cipher = Cipher.getInstance("Envelope/AES-GCM/NoPadding", new EnvelopeProvider());
        // A broken build fails here rather than timing garbage: the whole header but one byte gives no output.
        if (feed() != 0) {
            throw new IllegalStateException("a header gave plaintext");
        }
    }

    @Benchmark
    public int parse() throws GeneralSecurityException {
        return feed();
    }

    private int feed() throws GeneralSecurityException {
        cipher.init(Cipher.DECRYPT_MODE, key, spec);
        int out = 0;
        for (int off = 0; off < bytes.length - 1; off += updateSize) {
            // The array-returning update: the Cipher allocates what getOutputSize announces, as for most callers.
            byte[] o = cipher.update(bytes, off, Math.min(updateSize, bytes.length - 1 - off));
            out += o == null ? 0 : o.length;
        }
        return out;
    }

    /** A version 2 header (suite 0x0478, empty context, random field bytes; provider IDs ASCII). */
    static byte[] header(int edks, int idLength, int infoLength, int ciphertextLength) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(2);
        out.writeShort(0x0478);
        out.write(random(random, 32));
        out.writeShort(0);
        out.writeShort(edks);
        byte[] id = new byte[idLength];
        java.util.Arrays.fill(id, (byte) 'n');
        for (int i = 0; i < edks; i++) {
            out.writeShort(idLength);
            out.write(id);
            out.writeShort(infoLength);
            out.write(random(random, infoLength));
            out.writeShort(ciphertextLength);
            out.write(random(random, ciphertextLength));
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
