package org.envelopejca.properties;

import com.amazonaws.encryptionsdk.ParsedCiphertext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the header, each frame and the footer of a framed message lie, so that tests can tamper with one part.
 * The header is parsed by the ESDK (an independent reader); the body layout follows data-format/message-body.md.
 *
 * @param headerLength bytes of header (including header authentication)
 * @param frames       the frames in order, the final frame last
 * @param footerOffset where the footer starts (the message length when the suite does not sign)
 */
public record FrameLayout(int headerLength, List<Frame> frames, int footerOffset) {

    private static final int SEQUENCE_NUMBER = 4;
    private static final int IV = 12;
    private static final int TAG = 16;
    private static final int FINAL_FRAME_MARKER = 0xFFFFFFFF;

    /**
     * One frame of the body.
     *
     * @param offset           where the frame starts in the message
     * @param length           bytes of the frame
     * @param isFinal          whether it is the final frame
     * @param plaintextOffset  where its plaintext starts in the whole plaintext
     * @param plaintextLength  bytes of plaintext it carries
     */
    public record Frame(int offset, int length, boolean isFinal, int plaintextOffset, int plaintextLength) {
        public int end() {
            return offset + length;
        }
    }

    public static FrameLayout of(byte[] message) {
        ParsedCiphertext parsed = new ParsedCiphertext(message);
        int frameLength = parsed.getFrameLength();
        int position = parsed.getOffset();
        int plaintextOffset = 0;
        List<Frame> frames = new ArrayList<>();
        while (true) {
            int sequenceNumber = ByteBuffer.wrap(message, position, 4).getInt();
            if (sequenceNumber == FINAL_FRAME_MARKER) {
                int contentLength = ByteBuffer.wrap(message, position + 4 + SEQUENCE_NUMBER + IV, 4).getInt();
                int length = 4 + SEQUENCE_NUMBER + IV + 4 + contentLength + TAG;
                frames.add(new Frame(position, length, true, plaintextOffset, contentLength));
                position += length;
                break;
            }
            int length = SEQUENCE_NUMBER + IV + frameLength + TAG;
            frames.add(new Frame(position, length, false, plaintextOffset, frameLength));
            plaintextOffset += frameLength;
            position += length;
        }
        return new FrameLayout(parsed.getOffset(), List.copyOf(frames), position);
    }

    public List<Frame> regularFrames() {
        return frames.subList(0, frames.size() - 1);
    }

    /** The frame holding the byte at {@code index}, or null when it is in the header or the footer. */
    public Frame frameAt(int index) {
        for (Frame frame : frames) {
            if (index >= frame.offset() && index < frame.end()) {
                return frame;
            }
        }
        return null;
    }
}
