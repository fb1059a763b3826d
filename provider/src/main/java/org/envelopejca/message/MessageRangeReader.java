package org.envelopejca.message;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.Objects;
import org.envelopejca.keyring.Keyring;

/**
 * Reads any part of a framed message held in a {@link SeekableByteChannel}, reading and authenticating only the
 * frames that cover it. The channel holds exactly one message, from byte 0 to its size.
 *
 * <p>{@link #open} reads and verifies the header once (one unwrap of the data key), computes from the header and the
 * channel's size where every frame lies ({@link FrameGeometry}), then reads and authenticates the final frame at
 * the place that geometry gives it. The final frame's tag covers its sequence number, its content length and the
 * "Final Frame" string (data-format/message-body-aad.md), so a message cut or extended anywhere, or whose size
 * was otherwise altered, fails here even when no read touches its end; the cost is one frame's bytes of I/O and
 * AES-GCM per open. Each later read of a frame checks its sequence field and tag against the sequence number its
 * position gives, so frames cannot be moved or swapped. Plaintext is released only from frames whose tag verified.
 * Memory: one frame of ciphertext and one of plaintext, whatever the message size.
 *
 * <p>Non-framed messages are refused (their single tag covers all of the content). Signed messages are refused
 * unless opened with {@link UnverifiedSignature#ACCEPT}; then the footer is located but the signature is not
 * checked (data-format/message-footer.md: it signs the hash of the whole header and body).
 *
 * <p>Not thread-safe. The source is read with positional reads on a {@link FileChannel}, otherwise by moving its
 * position; it is not closed by {@link #close}.
 */
public final class MessageRangeReader implements AutoCloseable {
    private enum State { OPEN, FAILED, CLOSED }

    private final SeekableByteChannel source;
    private final MessageHeader header;
    private final FrameGeometry geometry;
    private final AesGcm gcm;
    private final BodyAad aad;
    private final byte[] ciphertext;
    private final byte[] plaintext;
    private AesKey key;
    /** The frame whose verified plaintext is in {@link #plaintext}, 0 when none. */
    private long frameInBuffer;
    private State state = State.OPEN;

    private MessageRangeReader(SeekableByteChannel source, OpenedHeader opened, FrameGeometry geometry,
                               Primitives primitives) {
        this.source = source;
        this.header = opened.header();
        this.key = opened.key();
        this.geometry = geometry;
        this.gcm = primitives.gcm;
        this.aad = new BodyAad(header.messageIdRef());
        // frame 1 is a regular frame unless it is the final one; a full final frame is 8 bytes longer than a regular one
        this.ciphertext = new byte[Math.max(geometry.frameSize(1), geometry.frameSize(geometry.frames()))];
        this.plaintext = new byte[(int) (geometry.frames() == 1 ? geometry.finalFrameLength() : geometry.frameLength())];
    }

    /**
     * Reads and verifies the header and the final frame of the message in {@code source}.
     *
     * @param primitives the JDK primitives this reader uses from now on (not shared with another user at once)
     * @throws MessageFormatException         malformed header, a non-framed message, a signed message refused
     * @throws MessageAuthenticationException header, commitment or final frame does not verify; the message's
     *                                        length is not the one its final frame gives (cut or extended)
     * @throws DataKeyException               no data key could be unwrapped
     */
    public static MessageRangeReader open(SeekableByteChannel source, DecryptionSettings settings, Keyring keyring,
                                          Primitives primitives, UnverifiedSignature signed)
            throws IOException, MessageException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(signed, "signed");
        long size = source.size();
        MessageHeader header = readHeader(source, size, settings.maxEncryptedDataKeys());
        if (header.contentType() != ContentType.FRAMED) {
            throw new MessageFormatException("a non-framed message is authenticated as one block: it cannot be read "
                    + "in part; decrypt it whole");
        }
        if (header.suite().isSigning() && signed == UnverifiedSignature.REFUSE) {
            throw new MessageFormatException("the message is signed (" + header.suite() + "): a range read cannot "
                    + "verify a signature over the whole message; decrypt it whole, or opt in to reading it "
                    + "without checking its signature");
        }
        OpenedHeader opened = OpenedHeader.open(header, settings, keyring, primitives);
        MessageRangeReader reader = null;
        try {
            reader = locateFinalFrame(source, size, opened, primitives);
            return reader;
        } finally {
            if (reader == null) {
                opened.key().destroy();
            }
        }
    }

    /** The verified header of the message. */
    public MessageHeader header() {
        return header;
    }

    /** Where the frames lie; its plaintext length is authenticated by the final frame's tag. */
    public FrameGeometry geometry() {
        return geometry;
    }

    /** Plaintext bytes of the message. */
    public long plaintextLength() {
        return geometry.plaintextLength();
    }

    /**
     * Copies verified plaintext from {@code position} into {@code out}: up to {@code len} bytes, fewer only at the
     * end of the message. Reads and authenticates only the frames that hold them (a frame just read is kept).
     *
     * @return the bytes copied, 0 at or past the end
     * @throws MessageAuthenticationException a frame does not verify, is not where it belongs, or the message
     *                                        changed; the reader is then failed and its key zeroed
     */
    public int read(long position, byte[] out, int off, int len) throws IOException, MessageException {
        Objects.checkFromIndexSize(off, len, out.length);
        if (position < 0) {
            throw new IllegalArgumentException("negative position");
        }
        requireOpen();
        long end = Math.min(plaintextLength(), position + len);
        int copied = 0;
        try {
            while (position < end) {
                long sequence = geometry.frameOf(position);
                load(sequence);
                int from = (int) (position - geometry.plaintextOffset(sequence));
                int n = (int) Math.min(end - position, geometry.contentLength(sequence) - from);
                System.arraycopy(plaintext, from, out, off + copied, n);
                copied += n;
                position += n;
            }
        } catch (MessageException | RuntimeException e) {
            fail();
            throw e;
        }
        return copied;
    }

    /** Zeroes the key and the buffered plaintext; later reads fail. Leaves the source open. */
    @Override
    public void close() {
        wipe();
        state = State.CLOSED;
    }

    /** Whether the key was zeroed (closed, or failed). */
    public boolean isKeyDestroyed() {
        return key == null;
    }

    private static MessageRangeReader locateFinalFrame(SeekableByteChannel source, long size, OpenedHeader opened,
                                                       Primitives primitives) throws IOException, MessageException {
        MessageHeader header = opened.header();
        long headerLength = header.length();
        if (!header.suite().isSigning()) {
            return verified(source, opened, geometry(header, size - headerLength), primitives);
        }
        // Spec: message-footer.md: the footer is u16 length || signature, after the body. The signature's length
        // varies, so each length whose field matches is a candidate; only the true one has an authentic final
        // frame at the place it gives (the final frame's tag binds its sequence number and content length).
        int tailLength = (int) Math.min(size - headerLength, 2 + TrailingSignature.MAX_SIGNATURE_LENGTH);
        byte[] tail = new byte[tailLength];
        readFully(source, size - tailLength, tail, 0, tailLength);
        MessageAuthenticationException last = null;
        for (int signatureLength = 1; signatureLength + 2 <= tailLength; signatureLength++) {
            if (Bytes.u16(tail, tailLength - signatureLength - 2) != signatureLength) {
                continue;
            }
            FrameGeometry g;
            try {
                g = FrameGeometry.of(headerLength, header.frameLength(), size - headerLength - 2 - signatureLength);
            } catch (MessageFormatException e) {
                continue;
            }
            try {
                return verified(source, opened, g, primitives);
            } catch (MessageAuthenticationException e) {
                last = e;
            }
        }
        throw last != null ? last : new MessageAuthenticationException("the message has no signature footer at its end "
                + "(cut or extended)");
    }

    private static FrameGeometry geometry(MessageHeader header, long bodyLength) throws MessageAuthenticationException {
        try {
            return FrameGeometry.of(header.length(), header.frameLength(), bodyLength);
        } catch (MessageFormatException e) {
            // Not a malformed field but a length that no complete message has: a cut or extended message.
            throw new MessageAuthenticationException(e.getMessage());
        }
    }

    private static MessageRangeReader verified(SeekableByteChannel source, OpenedHeader opened, FrameGeometry g,
                                               Primitives primitives) throws IOException, MessageException {
        MessageRangeReader reader = new MessageRangeReader(source, opened, g, primitives);
        reader.load(g.frames());
        return reader;
    }

    /** Reads frame {@code sequence} into the plaintext buffer unless it is there; releases nothing unverified. */
    private void load(long sequence) throws IOException, MessageException {
        if (frameInBuffer == sequence) {
            return;
        }
        frameInBuffer = 0;
        int size = geometry.frameSize(sequence);
        readFully(source, geometry.frameOffset(sequence), ciphertext, 0, size);
        boolean last = geometry.isFinal(sequence);
        // Spec: message-body.md: a frame's sequence number field must be the one its place gives; the final frame
        // starts with the end marker and states its content length.
        if (last) {
            if (Bytes.u32(ciphertext, 0) != FrameGeometry.FINAL_FRAME_MARKER || Bytes.u32(ciphertext, 4) != sequence
                    || Bytes.u32(ciphertext, FrameGeometry.FINAL_PREFIX - 4) != geometry.finalFrameLength()) {
                throw new MessageAuthenticationException("no final frame " + sequence + " of " + geometry.finalFrameLength()
                        + " bytes where the message's length puts it: the message was cut or extended");
            }
        } else if (Bytes.u32(ciphertext, 0) != sequence) {
            throw new MessageAuthenticationException("frame " + Bytes.u32(ciphertext, 0) + " where frame " + sequence + " belongs");
        }
        int prefix = last ? FrameGeometry.FINAL_PREFIX : FrameGeometry.REGULAR_PREFIX;
        int ivOffset = prefix - AlgorithmSuite.IV_LENGTH - (last ? 4 : 0);
        long contentLength = geometry.contentLength(sequence);
        // Spec: message-body-aad.md: message ID, body AAD content string, sequence number, content length.
        int aadLength = aad.fill(last ? BodyAad.FINAL_FRAME : BodyAad.FRAME, sequence, contentLength);
        try {
            gcm.open(key, ciphertext, ivOffset, aad.buffer(), aadLength, ciphertext, prefix,
                    (int) contentLength + AlgorithmSuite.TAG_LENGTH, plaintext, 0);
        } catch (MessageAuthenticationException e) {
            throw new MessageAuthenticationException((last ? "final frame " : "frame ") + sequence
                    + ": authentication tag does not verify");
        }
        frameInBuffer = sequence;
    }

    private static void readFully(SeekableByteChannel source, long position, byte[] b, int off, int len)
            throws IOException, MessageAuthenticationException {
        ByteBuffer dst = ByteBuffer.wrap(b, off, len);
        if (source instanceof FileChannel file) {
            long p = position;
            while (dst.hasRemaining()) {
                int n = file.read(dst, p);
                if (n < 0) {
                    throw shrunk();
                }
                p += n;
            }
            return;
        }
        source.position(position);
        while (dst.hasRemaining()) {
            if (source.read(dst) < 0) {
                throw shrunk();
            }
        }
    }

    private static MessageAuthenticationException shrunk() {
        return new MessageAuthenticationException("the message ends before the frame being read: it was cut while open");
    }

    /**
     * Parses the header from the start of the source through the header reader's public entry, which reads exactly
     * the bytes its parser asks for: nothing past the header is read.
     */
    private static MessageHeader readHeader(SeekableByteChannel source, long size, int maxEncryptedDataKeys)
            throws IOException, MessageException {
        if (size == 0) {
            throw new MessageFormatException("no message: the input is empty");
        }
        ChannelInput in = new ChannelInput(source, size);
        try {
            return MessageHeader.read(in, maxEncryptedDataKeys);
        } catch (IOException e) {
            if (in.position == size) {
                throw new MessageFormatException("input ends inside the message header: " + size + " bytes present");
            }
            throw e;
        }
    }

    /** The source from byte 0 as a stream, read with positional reads, stopping at {@code size}. */
    private static final class ChannelInput extends java.io.InputStream {
        private final SeekableByteChannel source;
        private final long size;
        long position;

        ChannelInput(SeekableByteChannel source, long size) {
            this.source = source;
            this.size = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, size - position);
            if (n <= 0) {
                return len == 0 ? 0 : -1;
            }
            try {
                readFully(source, position, b, off, n);
            } catch (MessageAuthenticationException shrunk) {
                return -1;
            }
            position += n;
            return n;
        }
    }

    private void requireOpen() throws MessageAuthenticationException {
        if (state == State.FAILED) {
            throw new MessageAuthenticationException("this message already failed to decrypt");
        }
        if (state == State.CLOSED) {
            throw new IllegalStateException("closed");
        }
    }

    private void fail() {
        wipe();
        state = State.FAILED;
    }

    private void wipe() {
        if (key != null) {
            key.destroy();
            key = null;
        }
        frameInBuffer = 0;
        Arrays.fill(plaintext, (byte) 0);
        Arrays.fill(ciphertext, (byte) 0);
    }
}
