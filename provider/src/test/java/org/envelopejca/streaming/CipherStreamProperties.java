package org.envelopejca.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.CipherOutputStream;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.envelopejca.EnvelopeDecryptionException;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.properties.EnvelopeArbitraries;
import org.envelopejca.properties.EnvelopeArbitraries.Sizing;
import org.envelopejca.properties.Messages;
import org.envelopejca.properties.Rejections;

/**
 * The Cipher behind the JDK's CipherInputStream and CipherOutputStream, both ways: encrypt through one kind of
 * stream and decrypt through the other, with reads and writes of random sizes. Both streams size their buffers by
 * {@code getOutputSize}, so they also check that contract.
 */
class CipherStreamProperties {

    private static final Map<String, String> CONTEXT = Map.of("stream", "test");

    @Property(tries = 60)
    void encryptThroughOutputStreamDecryptThroughInputStream(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("suites") AlgorithmSuite suite, @ForAll("chunks") int maxChunk) throws Exception {
        SecretKeySpec key = new SecretKeySpec(Messages.plaintext(~seed, 32), "AES");
        byte[] plaintext = Messages.plaintext(seed, sizing.plaintextLength());

        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (CipherOutputStream out = new CipherOutputStream(sink, encryptor(key, suite, sizing.frameLength()))) {
            RandomChunks.writeAll(out, plaintext, seed, maxChunk);
        }
        byte[] message = sink.toByteArray();
        assertArrayEquals(plaintext, Messages.decrypt(key, readSpec(suite), message), "the streamed message is valid");

        try (CipherInputStream in = new CipherInputStream(new ByteArrayInputStream(message), decryptor(key, suite))) {
            assertArrayEquals(plaintext, RandomChunks.readAll(in, seed + 1, maxChunk));
        }
    }

    @Property(tries = 60)
    void encryptThroughInputStreamDecryptThroughOutputStream(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("suites") AlgorithmSuite suite, @ForAll("chunks") int maxChunk) throws Exception {
        SecretKeySpec key = new SecretKeySpec(Messages.plaintext(~seed, 32), "AES");
        byte[] plaintext = Messages.plaintext(seed, sizing.plaintextLength());

        byte[] message;
        try (CipherInputStream in = new CipherInputStream(new ByteArrayInputStream(plaintext),
                encryptor(key, suite, sizing.frameLength()))) {
            message = RandomChunks.readAll(in, seed, maxChunk);
        }
        assertArrayEquals(plaintext, Messages.decrypt(key, readSpec(suite), message), "the streamed message is valid");

        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (CipherOutputStream out = new CipherOutputStream(sink, decryptor(key, suite))) {
            RandomChunks.writeAll(out, message, seed + 1, maxChunk);
        }
        assertArrayEquals(plaintext, sink.toByteArray());
    }

    /**
     * A tampered message read through CipherInputStream ends in an exception, never in a clean end of stream, and
     * what was read before is a prefix of the plaintext. (CipherOutputStream cannot be tested this way: the JDK's
     * close() swallows a failing doFinal.)
     */
    @Property(tries = 60)
    void aTamperedMessageFailsTheInputStream(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("suites") AlgorithmSuite suite, @ForAll("chunks") int maxChunk,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position, @ForAll boolean truncate) throws Exception {
        SecretKeySpec key = new SecretKeySpec(Messages.plaintext(~seed, 32), "AES");
        byte[] plaintext = Messages.plaintext(seed, sizing.plaintextLength());
        byte[] message = Messages.encrypt(key, writeSpec(suite, sizing.frameLength()), plaintext);
        int index = position % message.length;
        byte[] tampered;
        if (truncate) {
            tampered = Arrays.copyOf(message, index);
        } else {
            tampered = message.clone();
            tampered[index] ^= (byte) (1 << (position % 8));
        }

        ByteArrayOutputStream read = new ByteArrayOutputStream();
        Throwable failure = null;
        try (CipherInputStream in = new CipherInputStream(new ByteArrayInputStream(tampered), decryptor(key, suite))) {
            byte[] buffer = new byte[maxChunk];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                read.write(buffer, 0, n);
            }
        } catch (IOException | EnvelopeDecryptionException e) {
            failure = e;
        }
        String what = (truncate ? "truncated to " : "bit flipped in byte ") + index + " of " + message.length;
        assertTrue(failure != null, "the stream ended cleanly: " + what);
        Rejections.assertIsRejection(failure instanceof IOException ? failure.getCause() : failure, what);
        byte[] output = read.toByteArray();
        assertArrayEquals(Arrays.copyOf(plaintext, output.length), output, "bytes read are not the plaintext");
    }

    private static EnvelopeParameterSpec writeSpec(AlgorithmSuite suite, int frameLength) {
        return Messages.writing(suite).frameLength(frameLength).encryptionContext(CONTEXT).build();
    }

    private static EnvelopeParameterSpec readSpec(AlgorithmSuite suite) {
        return Messages.reading(suite).encryptionContext(CONTEXT).build();
    }

    private static Cipher encryptor(SecretKeySpec key, AlgorithmSuite suite, int frameLength) throws Exception {
        Cipher cipher = Messages.newCipher();
        cipher.init(Cipher.ENCRYPT_MODE, key, writeSpec(suite, frameLength));
        return cipher;
    }

    private static Cipher decryptor(SecretKeySpec key, AlgorithmSuite suite) throws Exception {
        Cipher cipher = Messages.newCipher();
        cipher.init(Cipher.DECRYPT_MODE, key, readSpec(suite));
        return cipher;
    }

    @Provide
    Arbitrary<Sizing> sizings() {
        return EnvelopeArbitraries.sizings(EnvelopeArbitraries.frameLengths(), 200_000);
    }

    @Provide
    Arbitrary<AlgorithmSuite> suites() {
        return EnvelopeArbitraries.suites();
    }

    @Provide
    Arbitrary<Integer> chunks() {
        return Arbitraries.oneOf(Arbitraries.of(1, 512, 8192, 70_000), Arbitraries.integers().between(1, 3000));
    }
}
