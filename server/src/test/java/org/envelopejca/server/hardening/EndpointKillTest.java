package org.envelopejca.server.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.KmsOperationException;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.properties.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KMS endpoint stopped while a {@code kms=aws} KeyStore's Cipher streams a large multi-frame message through
 * decryption. The data key is unwrapped once, at the header: stopped after that, the decryption completes without
 * KMS; stopped before, the Decrypt call fails after the configured attempts with {@code UNAVAILABLE} and no plaintext
 * is released.
 */
class EndpointKillTest {
    private static final int MAX_ATTEMPTS = 3;
    private static final int FRAME = 4096;
    private static final int FRAMES = 1024;
    private static final int CHUNK = 8192;
    private static final EnvelopeParameterSpec SPEC = EnvelopeParameterSpec.builder()
            .encryptionContext(Map.of("purpose", "endpoint stopped")).frameLength(FRAME).build();

    @TempDir
    Path dir;

    /** A key created through the endpoint and a large message under it. */
    private record Prepared(KmsKey key, byte[] plaintext, byte[] message) {
    }

    private static Prepared prepare(Endpoint endpoint) throws Exception {
        KeyStore store = endpoint.awsKeyStore("aws.max-attempts=" + MAX_ATTEMPTS
                + "\naws.connect-timeout=PT1S\naws.socket-timeout=PT5S\ncache.enabled=false\n");
        store.setKeyEntry("stream", KeyGenerator.getInstance("KMS", Messages.PROVIDER).generateKey(), null, null);
        KmsKey key = (KmsKey) store.getKey("alias/stream", null);
        byte[] plaintext = Messages.plaintext(21, FRAMES * FRAME - 123);
        return new Prepared(key, plaintext, Messages.encrypt(key, SPEC, plaintext));
    }

    private static long engineDecrypts(Endpoint endpoint) throws IOException {
        return Files.readAllLines(endpoint.local.auditLogFile()).stream()
                .filter(line -> line.contains("\"eventName\":\"Decrypt\"")).count();
    }

    @Test
    void stoppedAfterTheHeaderTheDecryptionCompletes() throws Exception {
        try (Endpoint endpoint = new Endpoint(dir)) {
            Prepared p = prepare(endpoint);
            long decryptsBefore = engineDecrypts(endpoint);
            Cipher c = Messages.newCipher();
            c.init(Cipher.DECRYPT_MODE, p.key(), SPEC);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int off = 0;
            // Until the first frame comes out: by then the header verified under the unwrapped data key.
            while (out.size() == 0) {
                off += feed(c, p.message(), off, out);
            }
            endpoint.stopServer();
            int stoppedAt = off;
            while (off < p.message().length) {
                off += feed(c, p.message(), off, out);
            }
            out.writeBytes(c.doFinal());
            assertArrayEquals(p.plaintext(), out.toByteArray());
            assertEquals(1, engineDecrypts(endpoint) - decryptsBefore, "one Decrypt, at the header");
            System.out.println("HARDENING-ENDPOINT-STOP afterHeader frames=" + FRAMES + " messageBytes="
                    + p.message().length + " stoppedAtByte=" + stoppedAt + " completed=true");
        }
    }

    @Test
    void stoppedBeforeTheHeaderNothingIsReleased() throws Exception {
        try (Endpoint endpoint = new Endpoint(dir)) {
            Prepared p = prepare(endpoint);
            int port = endpoint.server.port();
            endpoint.stopServer();

            // Nothing listening: connection refused on every attempt.
            ByteArrayOutputStream refused = new ByteArrayOutputStream();
            KmsOperationException down = decryptFails(p, refused);
            assertEquals(KmsErrorCode.UNAVAILABLE, down.code(), down.toString());
            assertEquals(0, refused.size(), "plaintext released without a data key");

            // The port taken by a process that reads each request and dies before answering: the attempts counted.
            try (DroppingListener listener = new DroppingListener(port)) {
                ByteArrayOutputStream dropped = new ByteArrayOutputStream();
                KmsOperationException unanswered = decryptFails(p, dropped);
                assertEquals(KmsErrorCode.UNAVAILABLE, unanswered.code(), unanswered.toString());
                assertEquals(0, dropped.size(), "plaintext released without a data key");
                System.out.println("HARDENING-ENDPOINT-STOP beforeHeader maxAttempts=" + MAX_ATTEMPTS
                        + " requestsSeen=" + listener.requests() + " released=0");
                assertEquals(MAX_ATTEMPTS, listener.requests(), "Decrypt attempts");
            }
        }
    }

    private static KmsOperationException decryptFails(Prepared p, ByteArrayOutputStream out) throws Exception {
        Cipher c = Messages.newCipher();
        c.init(Cipher.DECRYPT_MODE, p.key(), SPEC);
        return assertThrows(KmsOperationException.class, () -> {
            int off = 0;
            while (off < p.message().length) {
                off += feed(c, p.message(), off, out);
            }
            out.writeBytes(c.doFinal());
        });
    }

    private static int feed(Cipher c, byte[] message, int off, ByteArrayOutputStream out)
            throws GeneralSecurityException {
        int n = Math.min(CHUNK, message.length - off);
        byte[] part = c.update(message, off, n);
        if (part != null) {
            out.writeBytes(part);
        }
        return n;
    }

    /** Accepts on a port, reads each HTTP request whole, and closes the connection without a byte of answer. */
    private static final class DroppingListener implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger requests = new AtomicInteger();
        private final Thread thread;

        DroppingListener(int port) throws IOException {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            thread = new Thread(this::serve, "dropping-listener");
            thread.setDaemon(true);
            thread.start();
        }

        int requests() {
            return requests.get();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    s.setSoTimeout(5000);
                    if (readRequest(new BufferedInputStream(s.getInputStream()))) {
                        requests.incrementAndGet();
                    }
                } catch (SocketException closed) {
                    return;
                } catch (IOException e) {
                    // a client that went away: not a request
                }
            }
        }

        /** Reads the header lines and the body its Content-Length announces; false when the stream ended first. */
        private static boolean readRequest(InputStream in) throws IOException {
            int contentLength = 0;
            StringBuilder line = new StringBuilder();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return false;
                }
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                String text = line.toString().trim();
                line.setLength(0);
                if (text.isEmpty()) {
                    break;
                }
                if (text.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    contentLength = Integer.parseInt(text.substring("content-length:".length()).trim());
                }
            }
            byte[] body = in.readNBytes(contentLength);
            return body.length == contentLength && new String(body, StandardCharsets.UTF_8).contains("CiphertextBlob");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
