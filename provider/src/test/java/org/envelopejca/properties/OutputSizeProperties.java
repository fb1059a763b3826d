package org.envelopejca.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.properties.EnvelopeArbitraries.Sizing;

/**
 * {@code getOutputSize(n)} is never smaller than what the next {@code update}/{@code doFinal} of n bytes outputs
 * (the JCA contract that CipherInputStream and CipherOutputStream size their buffers by): an output buffer of exactly
 * that size never gets a ShortBufferException.
 */
class OutputSizeProperties {

    @Property(tries = 120)
    void outputSizeBoundsEveryUpdateAndDoFinal(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("suites") AlgorithmSuite suite, @ForAll @IntRange(min = 1, max = 9000) int maxChunk)
            throws Exception {
        SecretKeySpec key = new SecretKeySpec(Messages.plaintext(~seed, 32), "AES");
        byte[] plaintext = Messages.plaintext(seed, sizing.plaintextLength());

        Cipher encryptor = Messages.newCipher();
        encryptor.init(Cipher.ENCRYPT_MODE, key, Messages.writing(suite).frameLength(sizing.frameLength()).build());
        byte[] message = processIntoExactBuffers(encryptor, plaintext, new SplittableRandom(seed), maxChunk, "encrypt");

        Cipher decryptor = Messages.newCipher();
        decryptor.init(Cipher.DECRYPT_MODE, key, Messages.reading(suite).build());
        byte[] decrypted = processIntoExactBuffers(decryptor, message, new SplittableRandom(~seed), maxChunk, "decrypt");
        assertArrayEquals(plaintext, decrypted);
    }

    @Property(tries = 60)
    void outputSizeBoundsTheArraysReturned(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("suites") AlgorithmSuite suite, @ForAll @IntRange(min = 1, max = 9000) int maxChunk)
            throws Exception {
        SecretKeySpec key = new SecretKeySpec(Messages.plaintext(~seed, 32), "AES");
        byte[] plaintext = Messages.plaintext(seed, sizing.plaintextLength());
        Cipher encryptor = Messages.newCipher();
        encryptor.init(Cipher.ENCRYPT_MODE, key, Messages.writing(suite).frameLength(sizing.frameLength()).build());
        byte[] message = processIntoReturnedArrays(encryptor, plaintext, new SplittableRandom(seed), maxChunk, "encrypt");
        Cipher decryptor = Messages.newCipher();
        decryptor.init(Cipher.DECRYPT_MODE, key, Messages.reading(suite).build());
        assertArrayEquals(plaintext,
                processIntoReturnedArrays(decryptor, message, new SplittableRandom(~seed), maxChunk, "decrypt"));
    }

    private static byte[] processIntoExactBuffers(Cipher cipher, byte[] input, SplittableRandom random, int maxChunk,
            String mode) throws GeneralSecurityException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int position = 0;
        while (position < input.length) {
            int n = Math.min(input.length - position, random.nextInt(maxChunk + 1));
            byte[] buffer = new byte[cipher.getOutputSize(n)];
            int written;
            try {
                written = cipher.update(input, position, n, buffer, 0);
            } catch (ShortBufferException e) {
                throw new AssertionError(mode + ": update of " + n + " bytes at " + position
                        + " needs more than getOutputSize = " + buffer.length, e);
            }
            assertTrue(written <= buffer.length);
            output.write(buffer, 0, written);
            position += n;
        }
        byte[] buffer = new byte[cipher.getOutputSize(0)];
        int written;
        try {
            written = cipher.doFinal(buffer, 0);
        } catch (ShortBufferException e) {
            throw new AssertionError(mode + ": doFinal needs more than getOutputSize(0) = " + buffer.length, e);
        }
        output.write(buffer, 0, written);
        return output.toByteArray();
    }

    private static byte[] processIntoReturnedArrays(Cipher cipher, byte[] input, SplittableRandom random, int maxChunk,
            String mode) throws GeneralSecurityException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int position = 0;
        // The last chunk goes to doFinal(input, offset, length): its bound is getOutputSize(length) too.
        while (true) {
            int n = Math.min(input.length - position, random.nextInt(maxChunk + 1));
            boolean last = position + n == input.length && random.nextBoolean();
            int bound = cipher.getOutputSize(n);
            byte[] produced = last ? cipher.doFinal(input, position, n) : cipher.update(input, position, n);
            int producedLength = produced == null ? 0 : produced.length;
            int at = position;
            assertTrue(producedLength <= bound, () -> mode + ": " + (last ? "doFinal" : "update") + " of " + n
                    + " bytes at " + at + " output " + producedLength + " bytes, getOutputSize said " + bound);
            if (produced != null) {
                output.writeBytes(produced);
            }
            position += n;
            if (last) {
                return output.toByteArray();
            }
            if (position == input.length) {
                int finalBound = cipher.getOutputSize(0);
                byte[] rest = cipher.doFinal();
                assertTrue(rest.length <= finalBound, () -> mode + ": doFinal() output " + rest.length
                        + " bytes, getOutputSize(0) said " + finalBound);
                output.writeBytes(rest);
                return output.toByteArray();
            }
        }
    }

    @Provide
    Arbitrary<Sizing> sizings() {
        return EnvelopeArbitraries.sizings(EnvelopeArbitraries.frameLengths(), 30_000);
    }

    @Provide
    Arbitrary<AlgorithmSuite> suites() {
        return EnvelopeArbitraries.suites();
    }
}
