package org.envelopejca.streaming;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.SplittableRandom;

/** Moves bytes between streams in chunks of random sizes, sometimes a single byte through read()/write(int). */
final class RandomChunks {

    private RandomChunks() {
    }

    static byte[] readAll(InputStream in, long seed, int maxChunk) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[maxChunk + 8];
        while (true) {
            if (random.nextInt(8) == 0) {
                int b = in.read();
                if (b < 0) {
                    return out.toByteArray();
                }
                out.write(b);
            } else {
                int offset = random.nextInt(8);
                int n = in.read(buffer, offset, 1 + random.nextInt(maxChunk));
                if (n < 0) {
                    return out.toByteArray();
                }
                out.write(buffer, offset, n);
            }
        }
    }

    static void writeAll(OutputStream out, byte[] data, long seed, int maxChunk) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        int position = 0;
        while (position < data.length) {
            if (random.nextInt(8) == 0) {
                out.write(data[position++]);
            } else {
                int n = Math.min(data.length - position, random.nextInt(maxChunk + 1));
                out.write(data, position, n);
                position += n;
            }
        }
    }
}
