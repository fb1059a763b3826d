package org.envelopejca.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The frame arithmetic: a body's length gives back its frames, every other length another split or none. */
class FrameGeometryProperties {

    @Property(tries = 500)
    void theBodyLengthGivesBackTheFrames(@ForAll @IntRange(min = 1, max = 1 << 30) int frameLength,
            @ForAll @LongRange(min = 1, max = 1_000_000) long frames, @ForAll @IntRange(min = 0) int finalSeed,
            @ForAll @IntRange(min = 0, max = 100_000) int headerLength,
            @ForAll @IntRange(min = -100, max = 100) int delta) throws Exception {
        long finalLength = finalSeed % ((long) frameLength + 1);
        FrameGeometry g = new FrameGeometry(headerLength, frameLength, frames, finalLength);
        long bodyLength = g.bodyEnd() - headerLength;

        assertEquals(g, FrameGeometry.of(headerLength, frameLength, bodyLength));
        assertEquals((frames - 1) * frameLength + finalLength, g.plaintextLength());
        assertEquals(headerLength + bodyLength - g.frameSize(frames), g.frameOffset(frames));
        if (delta != 0) {
            try {
                assertNotEquals(g, FrameGeometry.of(headerLength, frameLength, bodyLength + delta));
            } catch (MessageFormatException noSplit) {
                assertTrue(noSplit.getMessage().contains("not whole frames") || noSplit.getMessage().contains("less than"));
            }
        }
    }

    @Property(tries = 300)
    void eachPlaintextByteIsInTheFrameItsOffsetNames(@ForAll @IntRange(min = 1, max = 5000) int frameLength,
            @ForAll @LongRange(min = 1, max = 1000) long frames, @ForAll @IntRange(min = 0) int finalSeed,
            @ForAll @LongRange(min = 0) long positionSeed) {
        FrameGeometry g = new FrameGeometry(100, frameLength, frames, finalSeed % ((long) frameLength + 1));
        long position = positionSeed % (g.plaintextLength() + 1);
        long frame = g.frameOf(position);
        assertTrue(g.plaintextOffset(frame) <= position);
        assertTrue(position < g.plaintextOffset(frame) + g.contentLength(frame) || position == g.plaintextLength());
    }

    @Property(tries = 50)
    void aBodyShorterThanAFinalFrameHasNoFrames(@ForAll @IntRange(min = 0, max = 39) int bodyLength) {
        assertThrows(MessageFormatException.class, () -> FrameGeometry.of(0, 4096, bodyLength));
    }
}
