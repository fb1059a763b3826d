package org.envelopejca.streaming;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.properties.Messages;

/**
 * Run in a child JVM with a small heap: encrypts a generated plaintext of the given length through a
 * CipherInputStream and pipes the message straight into a decrypting CipherInputStream, so the message exists only
 * in flight. Prints the lengths and the SHA-256 of the plaintext and of the decryption; exits 0 only when they match.
 * Arguments: plaintext length in bytes.
 */
public final class LargeMessageDecryption {

    static final String PLAINTEXT_DIGEST = "plaintext-sha256=";
    static final String DECRYPTED_DIGEST = "decrypted-sha256=";
    static final String DECRYPTED_LENGTH = "decrypted-bytes=";

    private LargeMessageDecryption() {
    }

    public static void main(String[] args) throws Exception {
        long length = Long.parseLong(args[0]);
        SecretKeySpec key = new SecretKeySpec(Messages.plaintext(1, 32), "AES");
        EnvelopeParameterSpec spec = EnvelopeParameterSpec.builder()
                .encryptionContext(Map.of("test", "large message")).build();
        Cipher encryptor = Messages.newCipher();
        encryptor.init(Cipher.ENCRYPT_MODE, key, spec);
        Cipher decryptor = Messages.newCipher();
        decryptor.init(Cipher.DECRYPT_MODE, key, spec);

        MessageDigest plaintextDigest = MessageDigest.getInstance("SHA-256");
        MessageDigest decryptedDigest = MessageDigest.getInstance("SHA-256");
        InputStream plaintext = new DigestInputStream(new GeneratedPlaintext(length, 2), plaintextDigest);
        Counting message = new Counting(new CipherInputStream(plaintext, encryptor));
        long decryptedLength = 0;
        try (InputStream decrypted = new CipherInputStream(message, decryptor)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = decrypted.read(buffer)) >= 0) {
                decryptedDigest.update(buffer, 0, n);
                decryptedLength += n;
            }
        }
        String expected = HexFormat.of().formatHex(plaintextDigest.digest());
        String actual = HexFormat.of().formatHex(decryptedDigest.digest());
        System.out.println("max-heap-bytes=" + Runtime.getRuntime().maxMemory());
        System.out.println("message-bytes=" + message.count);
        System.out.println(DECRYPTED_LENGTH + decryptedLength);
        System.out.println(PLAINTEXT_DIGEST + expected);
        System.out.println(DECRYPTED_DIGEST + actual);
        System.exit(expected.equals(actual) && decryptedLength == length ? 0 : 1);
    }

    /** Counts the bytes of the message as they pass. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
