package org.envelopejca.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * Runs a whole input through an initialized Cipher in constant memory: {@code update} per buffer, then
 * {@code doFinal}. (Not {@code CipherInputStream}: it hides authentication failures.)
 */
final class CipherPump {

    static final int BUFFER_SIZE = 64 * 1024;

    private CipherPump() {
    }

    /** @return the number of input bytes */
    static long run(Cipher cipher, InputStream in, OutputStream out, Progress progress)
            throws IOException, GeneralSecurityException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            write(out, cipher.update(buffer, 0, n));
            total += n;
            progress.advance(n);
        }
        write(out, cipher.doFinal());
        return total;
    }

    private static void write(OutputStream out, byte[] bytes) throws IOException {
        if (bytes != null && bytes.length > 0) {
            out.write(bytes);
        }
    }
}
