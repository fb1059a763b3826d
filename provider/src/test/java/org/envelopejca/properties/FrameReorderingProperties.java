package org.envelopejca.properties;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.properties.FrameLayout.Frame;

/**
 * Frames are bound to their place (spec data-format/message-body-aad.md: the sequence number is authenticated):
 * swapping, dropping or repeating frames makes decryption fail, although every frame is authentic on its own.
 */
class FrameReorderingProperties {

    private static final int SEQUENCE_NUMBER = 4;

    @Property(tries = 60)
    void swappedFramesAreRejected(@ForAll("messages") Framed framed, @ForAll @IntRange(min = 0, max = 1 << 20) int a,
            @ForAll @IntRange(min = 0, max = 1 << 20) int b) {
        List<Frame> regular = framed.layout().regularFrames();
        int i = a % regular.size();
        int j = (i + 1 + b % (regular.size() - 1)) % regular.size();
        Frame first = regular.get(Math.min(i, j));
        Frame second = regular.get(Math.max(i, j));
        byte[] swapped = framed.message().clone();
        System.arraycopy(framed.message(), first.offset(), swapped, second.offset(), first.length());
        System.arraycopy(framed.message(), second.offset(), swapped, first.offset(), second.length());
        framed.assertRejected(swapped, "frames " + (i + 1) + " and " + (j + 1) + " swapped");

        // The same, but each sequence number stays in place: only IV, ciphertext and tag move.
        byte[] contentsSwapped = framed.message().clone();
        int contentLength = first.length() - SEQUENCE_NUMBER;
        System.arraycopy(framed.message(), first.offset() + SEQUENCE_NUMBER, contentsSwapped,
                second.offset() + SEQUENCE_NUMBER, contentLength);
        System.arraycopy(framed.message(), second.offset() + SEQUENCE_NUMBER, contentsSwapped,
                first.offset() + SEQUENCE_NUMBER, contentLength);
        framed.assertRejected(contentsSwapped, "contents of frames " + (i + 1) + " and " + (j + 1) + " swapped");
    }

    @Property(tries = 40)
    void droppedOrRepeatedFramesAreRejected(@ForAll("messages") Framed framed,
            @ForAll @IntRange(min = 0, max = 1 << 20) int n) {
        List<Frame> regular = framed.layout().regularFrames();
        Frame frame = regular.get(n % regular.size());
        byte[] message = framed.message();

        ByteArrayOutputStream dropped = new ByteArrayOutputStream();
        dropped.write(message, 0, frame.offset());
        dropped.write(message, frame.end(), message.length - frame.end());
        framed.assertRejected(dropped.toByteArray(), "frame " + (n % regular.size() + 1) + " dropped");

        ByteArrayOutputStream repeated = new ByteArrayOutputStream();
        repeated.write(message, 0, frame.end());
        repeated.write(message, frame.offset(), message.length - frame.offset());
        framed.assertRejected(repeated.toByteArray(), "frame " + (n % regular.size() + 1) + " repeated");

        // The final frame alone, right after the header: a message cut to its last frame.
        Frame last = framed.layout().frames().get(framed.layout().frames().size() - 1);
        ByteArrayOutputStream onlyFinal = new ByteArrayOutputStream();
        onlyFinal.write(message, 0, framed.layout().headerLength());
        onlyFinal.write(message, last.offset(), message.length - last.offset());
        framed.assertRejected(onlyFinal.toByteArray(), "regular frames removed");
    }

    /** Messages with at least two regular frames. */
    @Provide
    Arbitrary<Framed> messages() {
        return Combinators.combine(
                EnvelopeArbitraries.suites(),
                Arbitraries.integers().between(1, 64),
                Arbitraries.integers().between(0, 300),
                Arbitraries.longs())
                .as((suite, frameLength, extra, seed) -> Framed.of(suite, frameLength, 2 * frameLength + extra, seed));
    }

    /**
     * A message and its layout.
     *
     * @param suite   its suite
     * @param key     its AES key
     * @param message the message
     * @param layout  where its frames are
     */
    record Framed(AlgorithmSuite suite, SecretKeySpec key, byte[] message, FrameLayout layout) {
        static Framed of(AlgorithmSuite suite, int frameLength, int plaintextLength, long seed) {
            SecretKeySpec key = new SecretKeySpec(Messages.plaintext(~seed, 32), "AES");
            try {
                byte[] message = Messages.encrypt(key, Messages.writing(suite).frameLength(frameLength).build(),
                        Messages.plaintext(seed, plaintextLength));
                return new Framed(suite, key, message, FrameLayout.of(message));
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }

        void assertRejected(byte[] tampered, String what) {
            Rejections.assertDecryptionRejected(key, Messages.reading(suite).build(), tampered, suite + ": " + what);
        }

        @Override
        public String toString() {
            return "Framed[" + suite + ", " + layout.frames().size() + " frames, " + message.length + " bytes]";
        }
    }
}
