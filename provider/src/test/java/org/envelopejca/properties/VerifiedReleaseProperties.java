package org.envelopejca.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.properties.FrameLayout.Frame;

/**
 * No plaintext leaves the Cipher before the frame that holds it has authenticated (DESIGN: "update() releases
 * plaintext frame by frame, each only after its GCM tag verified"). With a flipped bit in frame k, decrypting in
 * small update() chunks releases the plaintext of frames 1..k-1 at most, and no byte of frame k or later.
 */
class VerifiedReleaseProperties {

    @Property(tries = 120)
    void onlyVerifiedFramesAreReleased(@ForAll("suites") AlgorithmSuite suite,
            @ForAll @IntRange(min = 1, max = 200) int frameLength, @ForAll @IntRange(min = 0, max = 2000) int length,
            @ForAll long seed, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position,
            @ForAll @IntRange(min = 1, max = 300) int maxChunk, @ForAll("oneInTen") boolean anywhere) throws Exception {
        SecretKeySpec key = new SecretKeySpec(Messages.plaintext(~seed, 32), "AES");
        byte[] plaintext = Messages.plaintext(seed, length);
        byte[] message = Messages.encrypt(key, Messages.writing(suite).frameLength(frameLength).build(), plaintext);
        FrameLayout layout = FrameLayout.of(message);
        // Mostly past the header (the header's own flips are covered too, one try in ten).
        int from = anywhere ? 0 : layout.headerLength();
        int bitIndex = (int) (8L * from + Integer.toUnsignedLong(position) % (8L * (message.length - from)));
        message[bitIndex / 8] ^= (byte) (1 << (bitIndex % 8));
        int tamperedByte = bitIndex / 8;
        Statistics.label("tampered part").collect(partName(layout, tamperedByte));
        String where = "bit " + bitIndex % 8 + " of byte " + tamperedByte + " (" + TamperProperties.region(layout, tamperedByte) + ")";

        Cipher cipher = Messages.newCipher();
        cipher.init(Cipher.DECRYPT_MODE, key, Messages.reading(suite).build());
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        SplittableRandom chunks = new SplittableRandom(seed);
        Throwable failure = null;
        int failingChunkStart = message.length;
        int offset = 0;
        try {
            while (offset < message.length) {
                int n = Math.min(message.length - offset, 1 + chunks.nextInt(maxChunk));
                failingChunkStart = offset;
                byte[] out = cipher.update(message, offset, n);
                if (out != null) {
                    released.writeBytes(out);
                }
                offset += n;
            }
            failingChunkStart = message.length;
            released.writeBytes(cipher.doFinal());
        } catch (Throwable t) {
            failure = t;
        }
        assertNotNull(failure, "a tampered message decrypted: " + where);
        Rejections.assertIsRejection(failure, where);

        byte[] output = released.toByteArray();
        Frame tamperedFrame = layout.frameAt(tamperedByte);
        int limit = tamperedByte < layout.headerLength() ? 0
                : tamperedFrame == null ? plaintext.length : tamperedFrame.plaintextOffset();
        assertTrue(output.length <= limit, () -> output.length + " bytes released, but only " + limit
                + " precede the tampered frame: " + where);
        assertArrayEquals(Arrays.copyOf(plaintext, output.length), output, "released bytes are not the plaintext");

        // Regular frames that arrived whole in calls before the failing one were verified and must have been
        // released (the final frame's plaintext may be held back until the end of the message is known).
        int verified = 0;
        if (tamperedByte >= layout.headerLength()) {
            for (Frame frame : layout.regularFrames()) {
                if (frame.end() <= failingChunkStart && frame.end() <= tamperedByte) {
                    verified = frame.plaintextOffset() + frame.plaintextLength();
                }
            }
        }
        int expectedAtLeast = verified;
        Statistics.label("plaintext released before the failure").collect(output.length == 0 ? "none" : "some");
        assertTrue(output.length >= expectedAtLeast, () -> "only " + output.length + " bytes released although "
                + expectedAtLeast + " bytes of intact frames had been passed to update(): " + where);
    }

    private static String partName(FrameLayout layout, int index) {
        if (index < layout.headerLength()) {
            return "header";
        }
        Frame frame = layout.frameAt(index);
        return frame == null ? "footer" : frame.isFinal() ? "final frame" : "regular frame";
    }

    @Provide
    Arbitrary<AlgorithmSuite> suites() {
        return EnvelopeArbitraries.suites();
    }

    @Provide
    Arbitrary<Boolean> oneInTen() {
        return Arbitraries.frequency(Tuple.of(1, true), Tuple.of(9, false));
    }
}
