package org.envelopejca;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.envelopejca.cipher.JcaExceptions;
import org.envelopejca.message.MessageException;
import org.envelopejca.message.MessageHeader;
import org.envelopejca.message.MessageRangeReader;

/**
 * The plaintext of one message as a read-only {@link SeekableByteChannel}, from
 * {@link EnvelopeRangeDecryptor#open}: {@link #size()} is the plaintext length (authenticated by the final frame),
 * {@link #position(long)} moves anywhere, and a read decrypts only the frames under it, each after its tag verified
 * (the last frame read is kept, so small sequential reads cost one decryption per frame).
 *
 * <p>A frame that does not verify makes the read throw {@link EnvelopeDecryptionException} (cause:
 * {@link javax.crypto.AEADBadTagException}); the channel is then failed and its key zeroed. {@link #close()} zeroes
 * the message's key and the buffered plaintext; it does not close the channel the message is read from.
 *
 * <p>Thread-safe: calls are serialized on this channel. The source channel must not be moved by others during a
 * read (a {@link java.nio.channels.FileChannel} source is read with positional reads and is never moved).
 */
public final class DecryptedMessageChannel implements SeekableByteChannel {

    private final MessageRangeReader reader;
    private final EnvelopeParameterSpec spec;
    private long position;
    private boolean open = true;
    /** For buffers without an accessible array: at most one frame, allocated on first use. */
    private byte[] transfer;

    DecryptedMessageChannel(MessageRangeReader reader, EnvelopeParameterSpec spec) {
        this.reader = reader;
        this.spec = spec;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        requireOpen();
        long size = reader.plaintextLength();
        if (position >= size) {
            return -1;
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        try {
            int n;
            if (dst.hasArray()) {
                n = reader.read(position, dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
                dst.position(dst.position() + n);
            } else {
                if (transfer == null) {
                    transfer = new byte[(int) Math.min(reader.geometry().frameLength(), size)];
                }
                n = reader.read(position, transfer, 0, Math.min(transfer.length, dst.remaining()));
                dst.put(transfer, 0, n);
                java.util.Arrays.fill(transfer, 0, n, (byte) 0);
            }
            position += n;
            return n;
        } catch (MessageException e) {
            throw new EnvelopeDecryptionException(JcaExceptions.toJca(e));
        }
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public synchronized long position() throws IOException {
        requireOpen();
        return position;
    }

    @Override
    public synchronized DecryptedMessageChannel position(long newPosition) throws IOException {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position");
        }
        requireOpen();
        position = newPosition;
        return this;
    }

    /** The plaintext length of the message. */
    @Override
    public synchronized long size() throws IOException {
        requireOpen();
        return reader.plaintextLength();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    /**
     * What the message says of itself, as {@code Cipher.getParameters()} reports after a decryption: its suite,
     * stored encryption context, frame length and message ID, with the parameters the decryptor was given.
     */
    public EnvelopeParameterSpec parameters() {
        MessageHeader h = reader.header();
        return spec.toBuilder().algorithmSuite(h.suite()).encryptionContext(h.encryptionContext())
                .messageId(h.messageId()).frameLength(h.frameLength()).build();
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    /** Zeroes the message's key and buffered plaintext. Leaves the source channel open. */
    @Override
    public synchronized void close() {
        open = false;
        reader.close();
        if (transfer != null) {
            java.util.Arrays.fill(transfer, (byte) 0);
        }
    }

    /** Whether the message's key was zeroed (after close, or after a frame failed). */
    synchronized boolean keyDestroyed() {
        return reader.isKeyDestroyed();
    }

    private void requireOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
