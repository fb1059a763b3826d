package org.envelopejca.message;

/**
 * Where each frame of a framed body lies, computed from the header and the body's length alone: every regular frame
 * has the same size, so frame {@code i} starts at {@code headerLength + (i - 1) * regularFrameSize}, and the body's
 * length leaves exactly one way to split it into regular frames and a final frame (the final frame's content is at
 * most one frame length, which is less than a regular frame's size). Nothing here is authenticated: a reader checks
 * the final frame's tag at the position this names to prove that the length it was given is the message's.
 *
 * <p>Spec: data-format/message-body.md: regular frame {@code seq(4) IV(12) content(frameLength) tag(16)}, final
 * frame {@code 0xFFFFFFFF(4) seq(4) IV(12) length(4) content(0..frameLength) tag(16)}.
 *
 * @param headerLength     bytes of the serialized header
 * @param frameLength      content bytes of every regular frame
 * @param frames           frames in the body, the final one included (at least 1)
 * @param finalFrameLength content bytes of the final frame
 */
public record FrameGeometry(long headerLength, int frameLength, long frames, long finalFrameLength) {

    static final long FINAL_FRAME_MARKER = 0xFFFFFFFFL;
    /** Sequence number and IV before a regular frame's content. */
    static final int REGULAR_PREFIX = 4 + AlgorithmSuite.IV_LENGTH;
    /** End marker, sequence number, IV and content length before the final frame's content. */
    static final int FINAL_PREFIX = 4 + 4 + AlgorithmSuite.IV_LENGTH + 4;
    /** Bytes of a final frame around its content. */
    static final int FINAL_OVERHEAD = FINAL_PREFIX + AlgorithmSuite.TAG_LENGTH;

    public FrameGeometry {
        if (headerLength < 0 || frameLength < 1 || frames < 1 || frames > MessageLimits.MAX_FRAMES
                || finalFrameLength < 0 || finalFrameLength > frameLength) {
            throw new IllegalArgumentException("inconsistent frame geometry");
        }
    }

    /**
     * The geometry of a body of {@code bodyLength} bytes (from the end of the header to the end of the final frame).
     *
     * @throws MessageFormatException when no split into regular frames and a final frame has that length
     */
    public static FrameGeometry of(long headerLength, int frameLength, long bodyLength) throws MessageFormatException {
        long regular = regularFrameSize(frameLength);
        long rest = bodyLength - FINAL_OVERHEAD;
        if (rest < 0) {
            throw new MessageFormatException("the message is " + bodyLength + " bytes after its header, less than a final frame");
        }
        long frames = rest / regular + 1;
        long finalLength = rest % regular;
        if (finalLength > frameLength || frames > MessageLimits.MAX_FRAMES) {
            throw new MessageFormatException("a body of " + bodyLength + " bytes is not whole frames of length "
                    + frameLength + " (the message was cut or extended)");
        }
        return new FrameGeometry(headerLength, frameLength, frames, finalLength);
    }

    /** Bytes of a regular frame: sequence number, IV, content, tag. */
    public static long regularFrameSize(int frameLength) {
        return REGULAR_PREFIX + (long) frameLength + AlgorithmSuite.TAG_LENGTH;
    }

    /** Plaintext bytes of the whole message. */
    public long plaintextLength() {
        return (frames - 1) * frameLength + finalFrameLength;
    }

    /** Bytes of header and body (a footer, if any, follows). */
    public long bodyEnd() {
        return frameOffset(frames) + FINAL_OVERHEAD + finalFrameLength;
    }

    /** The frame (from 1) holding plaintext byte {@code position}; the final frame for the end position. */
    public long frameOf(long position) {
        if (position < 0 || position > plaintextLength()) {
            throw new IllegalArgumentException("position outside the plaintext");
        }
        return Math.min(frames, position / frameLength + 1);
    }

    /** Offset of plaintext byte 0 of frame {@code sequence} in the plaintext. */
    public long plaintextOffset(long sequence) {
        return (sequence - 1) * frameLength;
    }

    /** Offset in the message of the first byte of frame {@code sequence}. */
    public long frameOffset(long sequence) {
        return headerLength + (sequence - 1) * regularFrameSize(frameLength);
    }

    public boolean isFinal(long sequence) {
        return sequence == frames;
    }

    /** Content bytes of frame {@code sequence}. */
    public long contentLength(long sequence) {
        return isFinal(sequence) ? finalFrameLength : frameLength;
    }

    /** Bytes of frame {@code sequence} in the message, prefix and tag included. */
    public int frameSize(long sequence) {
        return (int) (isFinal(sequence) ? FINAL_OVERHEAD + finalFrameLength : regularFrameSize(frameLength));
    }
}
