package org.envelopejca.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.properties.EnvelopeArbitraries;
import org.envelopejca.properties.EnvelopeArbitraries.Sizing;
import org.envelopejca.properties.Messages;

/**
 * The ByteBuffer forms of update/doFinal (what NIO code uses), with heap and direct buffers: the JDK sizes the
 * output by {@code getOutputSize} and refuses a smaller buffer, so this also holds the provider to that bound.
 */
class ByteBufferProperties {

    @Property(tries = 60)
    void roundTripThroughByteBuffers(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("suites") AlgorithmSuite suite, @ForAll @IntRange(min = 1, max = 20_000) int maxChunk,
            @ForAll boolean direct) throws Exception {
        SecretKeySpec key = new SecretKeySpec(Messages.plaintext(~seed, 32), "AES");
        byte[] plaintext = Messages.plaintext(seed, sizing.plaintextLength());

        Cipher encryptor = Messages.newCipher();
        encryptor.init(Cipher.ENCRYPT_MODE, key, Messages.writing(suite).frameLength(sizing.frameLength()).build());
        byte[] message = process(encryptor, plaintext, new SplittableRandom(seed), maxChunk, direct);
        assertArrayEquals(plaintext, Messages.decrypt(key, Messages.reading(suite).build(), message));

        Cipher decryptor = Messages.newCipher();
        decryptor.init(Cipher.DECRYPT_MODE, key, Messages.reading(suite).build());
        assertArrayEquals(plaintext, process(decryptor, message, new SplittableRandom(~seed), maxChunk, direct));
    }

    private static byte[] process(Cipher cipher, byte[] input, SplittableRandom random, int maxChunk, boolean direct)
            throws Exception {
        ByteBuffer in = allocate(input.length, direct).put(input).flip();
        ByteBuffer out = allocate(0, direct);
        while (true) {
            int n = Math.min(in.remaining(), random.nextInt(maxChunk + 1));
            boolean last = n == in.remaining();
            ByteBuffer chunk = in.slice(in.position(), n);
            in.position(in.position() + n);
            out = ensureRemaining(out, cipher.getOutputSize(n), direct);
            if (last) {
                cipher.doFinal(chunk, out);
                byte[] result = new byte[out.flip().remaining()];
                out.get(result);
                return result;
            }
            cipher.update(chunk, out);
        }
    }

    private static ByteBuffer ensureRemaining(ByteBuffer buffer, int needed, boolean direct) {
        if (buffer.remaining() >= needed) {
            return buffer;
        }
        ByteBuffer bigger = allocate(buffer.position() + needed, direct);
        return bigger.put(buffer.flip());
    }

    private static ByteBuffer allocate(int capacity, boolean direct) {
        return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    @Provide
    Arbitrary<Sizing> sizings() {
        return EnvelopeArbitraries.sizings(EnvelopeArbitraries.frameLengths(), 100_000);
    }

    @Provide
    Arbitrary<AlgorithmSuite> suites() {
        return EnvelopeArbitraries.suites();
    }
}
