package org.envelopejca.properties;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import javax.crypto.Cipher;

/** Feeds a Cipher through {@code update} calls of random sizes (including empty ones), then {@code doFinal}. */
public final class Chunking {

    private Chunking() {
    }

    public static byte[] process(Cipher cipher, byte[] input, long seed, int maxChunk) throws GeneralSecurityException {
        SplittableRandom random = new SplittableRandom(seed);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int position = 0;
        while (position < input.length) {
            int length = Math.min(input.length - position, random.nextInt(maxChunk + 1));
            byte[] produced = cipher.update(input, position, length);
            if (produced != null) {
                output.writeBytes(produced);
            }
            position += length;
        }
        output.writeBytes(cipher.doFinal());
        return output.toByteArray();
    }
}
