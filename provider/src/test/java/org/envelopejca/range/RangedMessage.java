package org.envelopejca.range;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.envelopejca.message.FrameGeometry;
import org.envelopejca.message.MessageFormatException;
import org.envelopejca.message.MessageHeader;

/**
 * A message and a plaintext range in it, with where its parts lie (found from the header and the message's length),
 * to name the bytes a range read may touch.
 *
 * @param message  the whole message
 * @param offset   first plaintext byte of the range
 * @param length   bytes asked for (may run past the end of the plaintext)
 * @param geometry where the frames lie
 */
public record RangedMessage(byte[] message, long offset, int length, FrameGeometry geometry) {

    private static final int MAX_FOOTER = 2 + 104;

    public static RangedMessage of(byte[] message, long offset, int length) throws Exception {
        MessageHeader header = MessageHeader.read(new ByteArrayInputStream(message), 65_535);
        long bodyLength = message.length - header.length();
        if (header.suite().isSigning()) {
            // the footer is u16 length || signature: take the first signature length whose field matches and
            // leaves whole frames (the test's messages are intact, so that is the true one)
            for (int s = 1; s <= MAX_FOOTER - 2; s++) {
                int at = message.length - s - 2;
                if (at >= 0 && (((message[at] & 0xFF) << 8) | (message[at + 1] & 0xFF)) == s) {
                    try {
                        return new RangedMessage(message, offset, length,
                                FrameGeometry.of(header.length(), header.frameLength(), bodyLength - 2 - s));
                    } catch (MessageFormatException notThisOne) {
                        // another candidate
                    }
                }
            }
            throw new AssertionError("no signature footer at the end of the message");
        }
        return new RangedMessage(message, offset, length, FrameGeometry.of(header.length(), header.frameLength(), bodyLength));
    }

    /** Plaintext bytes the range holds. */
    public int expectedLength() {
        return (int) Math.max(0, Math.min(length, geometry.plaintextLength() - offset));
    }

    /** The frames (from 1) that hold the range's bytes; empty for an empty range. */
    public List<Long> framesOfTheRange() {
        List<Long> frames = new ArrayList<>();
        if (expectedLength() == 0) {
            return frames;
        }
        for (long f = geometry.frameOf(offset); f <= geometry.frameOf(offset + expectedLength() - 1); f++) {
            frames.add(f);
        }
        return frames;
    }

    /** Byte ranges {start, end} of the message a range read may touch: header, its frames, final frame, footer. */
    public List<long[]> mayTouch(boolean signed) {
        List<long[]> parts = new ArrayList<>();
        parts.add(new long[] {0, geometry.headerLength()});
        for (long f : framesOfTheRange()) {
            parts.add(frame(f));
        }
        parts.add(frame(geometry.frames()));
        if (signed) {
            parts.add(new long[] {Math.max(geometry.headerLength(), message.length - MAX_FOOTER), message.length});
        }
        return parts;
    }

    /** Message bytes {start, end} of frame {@code sequence}. */
    public long[] frame(long sequence) {
        long start = geometry.frameOffset(sequence);
        return new long[] {start, start + geometry.frameSize(sequence)};
    }

    public boolean inside(List<long[]> parts, long start, long end) {
        for (long[] p : parts) {
            if (start >= p[0] && end <= p[1]) {
                return true;
            }
        }
        return false;
    }
}
