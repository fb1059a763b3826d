package org.envelopejca.message;

import java.util.Arrays;
import javax.crypto.SecretKey;

/** A derived AES key this layer owns and zeroes when the message is done (JDK 17's SecretKeySpec cannot be destroyed). */
final class AesKey implements SecretKey {
    private static final long serialVersionUID = 1L;

    private final byte[] key;
    private volatile boolean destroyed;

    /** Takes ownership of {@code key}. */
    AesKey(byte[] key) {
        this.key = key;
    }

    @Override
    public String getAlgorithm() {
        return "AES";
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("key destroyed");
        }
        return key.clone();
    }

    @Override
    public void destroy() {
        Arrays.fill(key, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "AesKey[" + key.length * 8 + " bits]";
    }
}
