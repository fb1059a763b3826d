package org.envelopejca.streaming;

import java.io.InputStream;
import java.util.SplittableRandom;

/** A stream of {@code length} deterministic pseudo-random bytes, made on the fly: nothing large is held or stored. */
final class GeneratedPlaintext extends InputStream {

    private final SplittableRandom random;
    private final byte[] block = new byte[8192];
    private int blockPosition = block.length;
    private long remaining;

    GeneratedPlaintext(long length, long seed) {
        this.remaining = length;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (remaining == 0) {
            return -1;
        }
        if (blockPosition == block.length) {
            random.nextBytes(block);
            blockPosition = 0;
        }
        int n = (int) Math.min(Math.min(length, block.length - blockPosition), remaining);
        System.arraycopy(block, blockPosition, buffer, offset, n);
        blockPosition += n;
        remaining -= n;
        return n;
    }
}
