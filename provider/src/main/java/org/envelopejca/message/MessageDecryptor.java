package org.envelopejca.message;

import java.util.Arrays;
import java.util.Objects;
import org.envelopejca.keyring.Keyring;

/**
 * Reads messages as a stream. Input is cut into units (header, frame, footer); a unit is buffered only when it
 * arrives in pieces, so memory stays bounded by the frame length whatever the message size. Plaintext of a frame is
 * written only after its tag verified; a message that ends early fails at {@link #finish}.
 * Spec: client-apis/decrypt.md, data-format/message-header.md, message-body.md, message-footer.md.
 *
 * <p>Not thread-safe: one instance per Cipher, reused across messages.
 */
public final class MessageDecryptor {
    private enum State { HEADER, BODY, FOOTER, DONE, FAILED }

    private static final long FINAL_FRAME_MARKER = 0xFFFFFFFFL;
    private static final int REGULAR_PREFIX = 4 + AlgorithmSuite.IV_LENGTH;
    private static final int FINAL_PREFIX = 4 + 4 + AlgorithmSuite.IV_LENGTH + 4;
    private static final int NON_FRAMED_PREFIX = AlgorithmSuite.IV_LENGTH + 8;

    private final DecryptionSettings settings;
    private final Keyring keyring;
    private final Primitives primitives;
    private final AesGcm gcm;

    private State state = State.HEADER;
    private byte[] pending = new byte[0];
    private int pendingLength;
    private int needed;
    /** The header under way: it keeps its position, so each piece is read once. */
    private HeaderParser headerParser;
    private MessageHeader parsedHeader;
    private MessageHeader header;
    private AesKey key;
    private BodyAad aad;
    private long expectedSequence;
    private Ecdsa verifier;
    /** Header bytes the parser read, re-reads included: the work a regression test bounds. */
    private long headerBytesParsed;

    public MessageDecryptor(DecryptionSettings settings, Keyring keyring) {
        this(settings, keyring, new Primitives());
    }

    /** A reader that uses (and, messages apart, shares) the caller's primitives. */
    public MessageDecryptor(DecryptionSettings settings, Keyring keyring, Primitives primitives) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.primitives = primitives;
        this.gcm = primitives.gcm;
    }

    /**
     * The header of the message being read once it verified, or of the last message while no byte of a next one
     * arrived; null otherwise.
     */
    public MessageHeader header() {
        return header;
    }

    long headerBytesParsed() {
        return headerBytesParsed;
    }

    /** The most plaintext bytes the next call can write for {@code inputLen} more bytes of message. */
    public long maxOutputLength(long inputLen) {
        if (state == State.HEADER || (pendingLength > 0 && pendingLength + inputLen < needed)) {
            // Header bytes held never come out as plaintext, and a unit still incomplete after this input yields
            // nothing: what a Cipher allocates per update stays the size of the update, not of the bytes held.
            return state == State.HEADER ? inputLen : 0;
        }
        return pendingLength + inputLen;
    }

    /** Consumes message bytes; returns the verified plaintext bytes written to {@code out}. */
    public int update(byte[] in, int off, int len, byte[] out, int outOff) throws MessageException {
        if (state == State.FAILED) {
            throw new MessageAuthenticationException("this message already failed to decrypt");
        }
        try {
            return consume(in, off, len, out, outOff);
        } catch (MessageException | RuntimeException e) {
            fail();
            throw e;
        }
    }

    /** Consumes the last bytes, checks that the message is complete, and gets ready for the next message. */
    public int finish(byte[] in, int off, int len, byte[] out, int outOff) throws MessageException {
        try {
            int n = update(in, off, len, out, outOff);
            if (state == State.HEADER) {
                // Nothing is authenticated yet: an incomplete header is a malformed input, not a forgery.
                throw new MessageFormatException(pendingLength == 0 ? "no message: the input is empty"
                        : "input ends inside the message header: " + pendingLength + " bytes present, fields need at least " + needed);
            }
            if (state != State.DONE) {
                throw new MessageAuthenticationException("message is truncated: it ends " + describeState());
            }
            return n;
        } finally {
            reset();
        }
    }

    /** Drops any message under way and zeroes its key; the next byte starts a new message. */
    public void reset() {
        destroyKey();
        Arrays.fill(pending, 0, pendingLength, (byte) 0);
        pendingLength = 0;
        needed = 0;
        headerParser = null;
        parsedHeader = null;
        verifier = null;
        state = State.HEADER;
    }

    /**
     * As {@link #reset()}, and forgets the last message's header too: for a reader kept across a new init, whose
     * caller must not see the previous message's context or ID (reset alone keeps them for parameters read after a
     * message ends).
     */
    public void resetForNewInit() {
        reset();
        header = null;
    }

    private int consume(byte[] in, int off, int len, byte[] out, int outOff) throws MessageException {
        int pos = outOff;
        while (true) {
            if (state == State.DONE) {
                if (len > 0) {
                    throw new MessageAuthenticationException("bytes follow the end of the message");
                }
                return pos - outOff;
            }
            if (pendingLength == 0) {
                if (len == 0) {
                    return pos - outOff;
                }
                if (state == State.HEADER) {
                    header = null; // a new message begins: the previous one's header no longer describes it
                }
                int unit = unitLength(in, off, len);
                if (unit > 0) {
                    pos += processUnit(in, off, unit, out, pos);
                    off += unit;
                    len -= unit;
                    continue;
                }
                needed = -unit;
                append(in, off, len);
                return pos - outOff;
            }
            int missing = needed - pendingLength;
            if (len < missing) {
                append(in, off, len);
                return pos - outOff;
            }
            append(in, off, missing);
            off += missing;
            len -= missing;
            int unit = unitLength(pending, 0, pendingLength);
            if (unit > 0) {
                if (unit != pendingLength) {
                    throw new IllegalStateException("unit boundary mismatch");
                }
                boolean wasHeader = state == State.HEADER;
                pos += processUnit(pending, 0, unit, out, pos);
                Arrays.fill(pending, 0, pendingLength, (byte) 0);
                pendingLength = 0;
                if (wasHeader) {
                    pending = new byte[0]; // a header may have needed megabytes; frames need their own size
                }
                continue;
            }
            needed = -unit;
        }
    }

    /** Length of the next unit when {@code avail} bytes hold all of it, else minus the least length needed. */
    private int unitLength(byte[] b, int off, int avail) throws MessageFormatException {
        switch (state) {
            case HEADER: {
                if (headerParser == null) {
                    headerParser = new HeaderParser(settings.maxEncryptedDataKeys());
                }
                long before = headerParser.bytesParsed();
                MessageHeader h = headerParser.parse(b, off, avail);
                headerBytesParsed += headerParser.bytesParsed() - before;
                if (h == null) {
                    return -headerParser.needed();
                }
                headerParser = null;
                parsedHeader = h;
                return h.length();
            }
            case BODY:
                if (header.contentType() == ContentType.NON_FRAMED) {
                    if (avail < NON_FRAMED_PREFIX) {
                        return -NON_FRAMED_PREFIX;
                    }
                    long blockLength = Bytes.u64(b, off + AlgorithmSuite.IV_LENGTH);
                    if (blockLength < 0 || blockLength > MessageLimits.SPEC_MAX_NON_FRAMED_LENGTH) {
                        throw new MessageFormatException("non-framed content length exceeds the format's limit");
                    }
                    if (blockLength > MessageLimits.MAX_NON_FRAMED_LENGTH) {
                        throw new MessageFormatException("non-framed content of " + blockLength + " bytes exceeds this reader's limit of "
                                + MessageLimits.MAX_NON_FRAMED_LENGTH);
                    }
                    return complete(avail, NON_FRAMED_PREFIX + blockLength + AlgorithmSuite.TAG_LENGTH);
                }
                if (avail < 4) {
                    return -4;
                }
                if (Bytes.u32(b, off) != FINAL_FRAME_MARKER) {
                    return complete(avail, REGULAR_PREFIX + (long) header.frameLength() + AlgorithmSuite.TAG_LENGTH);
                }
                if (avail < FINAL_PREFIX) {
                    return -FINAL_PREFIX;
                }
                long finalLength = Bytes.u32(b, off + FINAL_PREFIX - 4);
                // Spec: message-body.md: the final frame's content length is at most the frame length.
                if (finalLength > header.frameLength()) {
                    throw new MessageFormatException("final frame content length " + finalLength + " exceeds the frame length "
                            + header.frameLength());
                }
                return complete(avail, FINAL_PREFIX + finalLength + AlgorithmSuite.TAG_LENGTH);
            case FOOTER: {
                if (avail < 2) {
                    return -2;
                }
                int signatureLength = Bytes.u16(b, off);
                if (signatureLength == 0 || signatureLength > TrailingSignature.MAX_SIGNATURE_LENGTH) {
                    throw new MessageFormatException("signature length " + signatureLength + " is not that of an ECDSA signature");
                }
                return complete(avail, 2L + signatureLength);
            }
            default:
                throw new IllegalStateException("no unit in state " + state);
        }
    }

    private static int complete(int avail, long total) {
        return avail >= total ? (int) total : (int) -total;
    }

    private int processUnit(byte[] b, int off, int len, byte[] out, int outOff) throws MessageException {
        switch (state) {
            case HEADER:
                openHeader(parsedHeader);
                parsedHeader = null;
                verify(b, off, len);
                state = State.BODY;
                return 0;
            case BODY: {
                int n = header.contentType() == ContentType.FRAMED
                        ? openFrame(b, off, len, out, outOff)
                        : openSingleBlock(b, off, len, out, outOff);
                verify(b, off, len);
                return n;
            }
            case FOOTER:
                checkSignature(b, off + 2, len - 2);
                state = State.DONE;
                return 0;
            default:
                throw new IllegalStateException("no unit in state " + state);
        }
    }

    private void openHeader(MessageHeader h) throws MessageException {
        OpenedHeader opened = OpenedHeader.open(h, settings, keyring, primitives);
        key = opened.key();
        verifier = opened.verifier();
        aad = new BodyAad(h.messageIdRef());
        expectedSequence = 1;
        header = h;
    }

    // Spec: message-body.md (framed data): frames in order from 1; the final frame carries the end marker.
    private int openFrame(byte[] b, int off, int len, byte[] out, int outOff) throws MessageException {
        boolean last = Bytes.u32(b, off) == FINAL_FRAME_MARKER;
        long sequence = Bytes.u32(b, last ? off + 4 : off);
        if (sequence != expectedSequence) {
            throw new MessageAuthenticationException("frame " + sequence + " where frame " + expectedSequence + " belongs");
        }
        int ivOff = off + (last ? 8 : 4);
        int prefix = last ? FINAL_PREFIX : REGULAR_PREFIX;
        int contentLength = len - prefix - AlgorithmSuite.TAG_LENGTH;
        int aadLength = aad.fill(last ? BodyAad.FINAL_FRAME : BodyAad.FRAME, sequence, contentLength);
        int n = gcm.open(key, b, ivOff, aad.buffer(), aadLength, b, off + prefix, contentLength + AlgorithmSuite.TAG_LENGTH, out, outOff);
        expectedSequence++;
        if (last) {
            endBody();
        }
        return n;
    }

    // Spec: message-body.md (non-framed data): one block, sequence number 1 in its AAD.
    private int openSingleBlock(byte[] b, int off, int len, byte[] out, int outOff) throws MessageException {
        int contentLength = len - NON_FRAMED_PREFIX - AlgorithmSuite.TAG_LENGTH;
        int aadLength = aad.fill(BodyAad.SINGLE_BLOCK, 1, contentLength);
        int n = gcm.open(key, b, off, aad.buffer(), aadLength, b, off + NON_FRAMED_PREFIX,
                contentLength + AlgorithmSuite.TAG_LENGTH, out, outOff);
        endBody();
        return n;
    }

    private void endBody() {
        destroyKey();
        state = verifier != null ? State.FOOTER : State.DONE;
    }

    private void checkSignature(byte[] b, int off, int len) throws MessageAuthenticationException {
        if (!verifier.verify(b, off, len)) {
            throw new MessageAuthenticationException("message signature does not verify");
        }
    }

    private void verify(byte[] b, int off, int len) {
        if (verifier != null) {
            verifier.update(b, off, len);
        }
    }

    private void append(byte[] in, int off, int len) {
        if (len == 0) {
            return;
        }
        int size = pendingLength + len;
        if (pending.length < size) {
            // Grows with the bytes actually received, never with a length the message claims.
            byte[] old = pending;
            // A header never needs more than its parser's cap (needed is checked against it).
            long limit = state == State.HEADER && headerParser != null ? headerParser.cap() : Integer.MAX_VALUE - 8;
            pending = Arrays.copyOf(old, (int) Math.max(size, Math.min(limit, 2L * old.length)));
            Arrays.fill(old, (byte) 0);
        }
        System.arraycopy(in, off, pending, pendingLength, len);
        pendingLength = size;
    }

    private void fail() {
        destroyKey();
        Arrays.fill(pending, 0, pendingLength, (byte) 0);
        pendingLength = 0;
        state = State.FAILED;
    }

    private void destroyKey() {
        if (key != null) {
            key.destroy();
            key = null;
        }
    }

    private String describeState() {
        return switch (state) {
            case BODY -> "before the final frame";
            case FOOTER -> "before its signature";
            default -> "early";
        };
    }
}
