package org.envelopejca.message;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The shape of a message body, found without a key, for inspection (nothing is authenticated). From the end of the
 * header, each frame's unencrypted fields (sequence number, IV, and the content length of the final frame) are read
 * and the encrypted content and tag skipped, their lengths known from the header's frame length; then the footer's
 * signature length.
 *
 * <p>Spec: data-format/message-body.md (framed: regular frames {@code seq(4) IV(12) content(frameLength) tag(16)},
 * final frame {@code 0xFFFFFFFF(4) seq(4) IV(12) length(4) content tag(16)}; non-framed:
 * {@code IV(12) length(8) content tag(16)}) and data-format/message-footer.md ({@code length(2) signature}).
 *
 * @param framed             whether the body is framed
 * @param frames             frames, the final one included (1 for a non-framed body)
 * @param finalFrameLength   content bytes of the final frame (of the whole content when non-framed)
 * @param signatureLength    bytes of the footer's signature, or -1 when there is no footer
 * @param messageLength      bytes of header, body and footer
 * @param trailingBytes      bytes after the message (-1: some, count unknown, on standard input)
 */
public record BodyLayout(boolean framed, long frames, long finalFrameLength, int signatureLength, long messageLength,
                         long trailingBytes) {

    private static final long FINAL_FRAME_MARKER = 0xFFFFFFFFL;
    private static final int IV = AlgorithmSuite.IV_LENGTH;
    private static final int TAG = AlgorithmSuite.TAG_LENGTH;

    public boolean signaturePresent() {
        return signatureLength >= 0;
    }

    /**
     * Walks the body that follows {@code header} in {@code in}.
     *
     * @param size the input's size when known (a file), else -1; the header has been read from it
     * @throws MessageFormatException when the body ends early or its frame fields are inconsistent
     */
    public static BodyLayout read(MessageHeader header, InputStream in, long size) throws IOException,
            MessageFormatException {
        Body body = new Body(in, size, header.length());
        try {
            boolean framed = header.contentType() == ContentType.FRAMED;
            long frames;
            long finalLength;
            if (framed) {
                long frameLength = header.frameLength();
                long sequence = 1;
                while (true) {
                    long first = body.u32("frame " + sequence);
                    if (first == FINAL_FRAME_MARKER) {
                        long finalSequence = body.u32("final frame");
                        if (finalSequence != sequence) {
                            throw new MessageFormatException("final frame has sequence number " + finalSequence
                                    + " where " + sequence + " was expected");
                        }
                        body.skip(IV, "final frame");
                        finalLength = body.u32("final frame");
                        if (finalLength > frameLength) {
                            throw new MessageFormatException("final frame longer (" + finalLength
                                    + " bytes) than the frame length " + frameLength);
                        }
                        body.skip(finalLength + TAG, "final frame");
                        frames = sequence;
                        break;
                    }
                    if (first != sequence) {
                        throw new MessageFormatException("frame " + sequence + " has sequence number " + first);
                    }
                    body.skip(IV + frameLength + TAG, "frame " + sequence);
                    sequence++;
                }
            } else {
                body.skip(IV, "the body");
                finalLength = body.u64("the body");
                body.skip(finalLength + TAG, "the body");
                frames = 1;
            }
            int signatureLength = -1;
            if (header.suite().isSigning()) {
                signatureLength = (int) body.u16("the signature footer");
                body.skip(signatureLength, "the signature footer");
            }
            return new BodyLayout(framed, frames, finalLength, signatureLength, body.position, body.trailing());
        } catch (EOFException e) {
            throw new MessageFormatException("input ends inside " + e.getMessage() + " (truncated message)");
        }
    }

    /** The body's bytes: small fields read, content skipped, the position counted. */
    private static final class Body {
        private final InputStream in;
        private final long size;
        long position;

        Body(InputStream in, long size, long position) {
            this.in = in;
            this.size = size;
            this.position = position;
        }

        long u16(String where) throws IOException {
            return read(2, where);
        }

        long u32(String where) throws IOException {
            return read(4, where);
        }

        long u64(String where) throws IOException {
            long v = read(8, where);
            if (v < 0) {
                throw new EOFException(where + ": content length " + Long.toUnsignedString(v) + ";");
            }
            return v;
        }

        private long read(int n, String where) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw new EOFException(where);
            }
            position += n;
            long v = 0;
            for (byte x : b) {
                v = v << 8 | (x & 0xFF);
            }
            return v;
        }

        void skip(long n, String where) throws IOException {
            // a file's skip may move past its end without complaint: check against the size first
            if (size >= 0 && position + n > size) {
                throw new EOFException(where);
            }
            if (size >= 0) {
                in.skipNBytes(n);
            } else {
                byte[] discard = new byte[(int) Math.min(n, 64 * 1024)];
                for (long left = n; left > 0; ) {
                    int r = in.read(discard, 0, (int) Math.min(left, discard.length));
                    if (r < 0) {
                        throw new EOFException(where);
                    }
                    left -= r;
                }
            }
            position += n;
        }

        long trailing() throws IOException {
            if (size >= 0) {
                return size - position;
            }
            return in.read() < 0 ? 0 : -1;
        }
    }
}
