package org.envelopejca.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.DecryptedMessageChannel;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.EnvelopeRangeDecryptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading 1 MiB from the middle of a large message: the range decryptor (open: header, data-key unwrap, final
 * frame; then the frames under the range) against the only way the Cipher has, a streaming decryption of the whole
 * message. The message is written at setup into a temporary file (owner-only) by the Cipher itself, so it is a
 * real message: zero plaintext, raw AES-256 wrapping key, suite 0x0478, 64 KiB frames.
 */
@State(Scope.Thread)
@Fork(1)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RangeRead {
    private static final int CHUNK = 1 << 20;

    /** Plaintext bytes of the message (default 4 GiB). */
    @Param({"4294967296"})
    public long messageSize;

    @Param({"1048576"})
    public int rangeLength;

    @Param({"65536"})
    public int frameLength;

    private final SecretKey key = new SecretKeySpec(new byte[32], "AES");
    private final EnvelopeProvider provider = new EnvelopeProvider();
    private Path file;
    private FileChannel source;
    private EnvelopeRangeDecryptor decryptor;
    private ByteBuffer range;
    private byte[] in;
    private byte[] out;

    @Setup(Level.Trial)
    public void setUp() throws IOException, GeneralSecurityException {
        file = Files.createTempFile("range-read", ".env");
        Cipher cipher = Cipher.getInstance(EnvelopeProvider.CIPHER, provider);
        cipher.init(Cipher.ENCRYPT_MODE, key, EnvelopeParameterSpec.builder().frameLength(frameLength).build());
        byte[] plaintext = new byte[CHUNK];
        byte[] ciphertext = new byte[cipher.getOutputSize(CHUNK)];
        try (FileChannel w = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long left = messageSize; left > 0; left -= CHUNK) {
                int n = cipher.update(plaintext, 0, (int) Math.min(CHUNK, left), ciphertext, 0);
                w.write(ByteBuffer.wrap(ciphertext, 0, n));
            }
            w.write(ByteBuffer.wrap(cipher.doFinal()));
        }
        source = FileChannel.open(file, StandardOpenOption.READ);
        decryptor = EnvelopeRangeDecryptor.of(key, EnvelopeParameterSpec.defaults());
        range = ByteBuffer.allocate(rangeLength);
        in = new byte[CHUNK];
        out = new byte[CHUNK + 2 * frameLength];
        // a broken build fails here instead of timing garbage
        if (!Arrays.equals(new byte[rangeLength], range()) || full() != 0) {
            throw new IllegalStateException("the message does not decrypt to its plaintext");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        source.close();
        Files.deleteIfExists(file);
    }

    /** Open the message (header, one unwrap, final frame) and read the range from its middle. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public byte[] range() throws IOException, GeneralSecurityException {
        range.clear();
        try (DecryptedMessageChannel plaintext = decryptor.open(source)) {
            plaintext.position(messageSize / 2 - rangeLength / 2);
            while (range.hasRemaining() && plaintext.read(range) > 0) {
                // reads until the range is full
            }
        }
        return range.array();
    }

    /** The Cipher's way: decrypt the whole message as a stream (it verifies only at the end). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public int full() throws IOException, GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(EnvelopeProvider.CIPHER, provider);
        cipher.init(Cipher.DECRYPT_MODE, key, EnvelopeParameterSpec.defaults());
        int checksum = 0;
        long position = 0;
        ByteBuffer buffer = ByteBuffer.wrap(in);
        while (true) {
            buffer.clear();
            int r = source.read(buffer, position);
            if (r < 0) {
                break;
            }
            position += r;
            if (out.length < cipher.getOutputSize(r)) {
                out = new byte[cipher.getOutputSize(r)]; // a frame may be pending from the last chunk
            }
            int n = cipher.update(in, 0, r, out, 0);
            checksum += n > 0 ? out[n - 1] : 0;
        }
        return checksum + cipher.doFinal(in, 0, 0, out, 0);
    }
}
