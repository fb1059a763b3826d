package org.envelopejca.keyring;

import java.util.Arrays;

/**
 * A plaintext data key. Holders call {@link #destroy()} as soon as the key is no longer needed; the bytes are then
 * zeroed. Never printed.
 */
public final class DataKey implements AutoCloseable {
    private final byte[] bytes;
    private volatile boolean destroyed;

    /** Takes ownership of {@code bytes} (no copy): the caller must not keep or zero them. */
    public DataKey(byte[] bytes) {
        this.bytes = bytes;
    }

    public static DataKey copyOf(byte[] bytes) {
        return new DataKey(bytes.clone());
    }

    /** The key bytes themselves (not a copy), for the duration of one use. */
    public byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("data key destroyed");
        }
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    public DataKey copy() {
        return copyOf(bytes());
    }

    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return "DataKey[" + bytes.length + " bytes]";
    }
}
