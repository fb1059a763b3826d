package org.envelopejca.range;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;

/** A read-only channel over a byte array that records which byte ranges were read, to count what a reader touches. */
public final class RecordingChannel implements SeekableByteChannel {

    /** Bytes {@code start .. end - 1} were read. */
    public record Read(long start, long end) {
    }

    private final byte[] bytes;
    private final List<Read> reads = new ArrayList<>();
    private long position;
    private boolean open = true;

    public RecordingChannel(byte[] bytes) {
        this.bytes = bytes;
    }

    public List<Read> reads() {
        return List.copyOf(reads);
    }

    public long bytesRead() {
        return reads.stream().mapToLong(r -> r.end() - r.start()).sum();
    }

    public void forget() {
        reads.clear();
    }

    @Override
    public int read(ByteBuffer dst) throws ClosedChannelException {
        requireOpen();
        if (position >= bytes.length) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), bytes.length - position);
        dst.put(bytes, (int) position, n);
        reads.add(new Read(position, position + n));
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws ClosedChannelException {
        requireOpen();
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws ClosedChannelException {
        requireOpen();
        return bytes.length;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }

    private void requireOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
