package org.envelopejca.kms.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.Map;
import javax.crypto.Cipher;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.KmsOperationException;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * KMS failing under the engine: each fault is retried as many times as configured (counted at the stub), then
 * surfaces as a {@link KmsException} with its code, and through a Cipher as a {@link KmsOperationException}, never as
 * output. The network faults run with each HTTP client the engine offers; the others with its default.
 */
class AwsKmsFaultTest {
    private static final EnvelopeProvider PROVIDER = new EnvelopeProvider();
    private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final Map<String, String> CONTEXT = Map.of("purpose", "fault test");

    private KmsStub stub;

    @BeforeEach
    void start() throws Exception {
        stub = new KmsStub();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private AwsKms engine(int maxAttempts, String socketTimeout) {
        return engine(maxAttempts, socketTimeout, AwsKmsConfig.DEFAULT_HTTP_CLIENT);
    }

    private AwsKms engine(int maxAttempts, String socketTimeout, AwsHttpClient client) {
        return AwsKms.create(AwsKmsConfig.builder().region("us-east-1").endpoint(stub.endpoint())
                .staticCredentials("AKIDSTUB", "stub-secret", null)
                .socketTimeout(java.time.Duration.parse(socketTimeout))
                .maxAttempts(maxAttempts).httpClient(client).build());
    }

    /** A handle on {@link #KEY} from a KeyStore whose engine talks to the stub (which describes the key). */
    private KmsKey handle(int maxAttempts, String socketTimeout) throws Exception {
        String props = "kms=aws\naws.region=us-east-1\naws.endpoint=" + stub.endpoint()
                + "\naws.access-key-id=AKIDSTUB\naws.secret-access-key=stub-secret\naws.max-attempts=" + maxAttempts
                + "\naws.socket-timeout=" + socketTimeout + "\ncache.enabled=false\nalias.app=" + KEY + "\n";
        KeyStore ks = KeyStore.getInstance("KMS", PROVIDER);
        ks.load(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)), null);
        return (KmsKey) ks.getKey("app", null);
    }

    private static EnvelopeParameterSpec spec() {
        return EnvelopeParameterSpec.builder().encryptionContext(CONTEXT).build();
    }

    private KmsException kmsFailure(AwsKms kms) {
        return assertThrows(KmsException.class, () -> kms.generateDataKey(KEY, 32, CONTEXT));
    }

    @Test
    void serverErrorsAreRetriedThenInternal() throws Exception {
        KmsKey key = handle(3, "PT10S");
        stub.mode(KmsStub.Mode.SERVER_ERROR);
        stub.clearCalls();
        try (AwsKms kms = engine(3, "PT10S")) {
            KmsException e = kmsFailure(kms);
            assertEquals(KmsErrorCode.INTERNAL, e.code());
            assertEquals(KEY, e.keyArn());
            assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
        }
        assertEquals(3, stub.calls().size());

        stub.clearCalls();
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        KmsOperationException e = assertThrows(KmsOperationException.class, () -> c.init(Cipher.ENCRYPT_MODE, key, spec()));
        assertEquals(KmsErrorCode.INTERNAL, e.code());
        assertEquals(KEY, e.keyArn());
        assertEquals(3, stub.calls().size());
    }

    @Test
    void throttlingIsRetriedThenThrottling() throws Exception {
        stub.mode(KmsStub.Mode.THROTTLING);
        try (AwsKms kms = engine(2, "PT10S")) {
            assertEquals(KmsErrorCode.THROTTLING, kmsFailure(kms).code());
        }
        assertEquals(2, stub.calls().size());
    }

    @ParameterizedTest
    @EnumSource(AwsHttpClient.class)
    void answerSlowerThanTheSocketTimeoutIsUnavailable(AwsHttpClient client) throws Exception {
        stub.mode(KmsStub.Mode.SLOW);
        stub.slowMillis(3000);
        try (AwsKms kms = engine(2, "PT0.3S", client)) {
            KmsException e = kmsFailure(kms);
            assertEquals(KmsErrorCode.UNAVAILABLE, e.code());
            assertEquals(KEY, e.keyArn());
        }
        assertEquals(2, stub.calls().size());
    }

    @ParameterizedTest
    @EnumSource(AwsHttpClient.class)
    void droppedConnectionIsUnavailable(AwsHttpClient client) throws Exception {
        stub.mode(KmsStub.Mode.DROP_CONNECTION);
        try (AwsKms kms = engine(3, "PT10S", client)) {
            assertEquals(KmsErrorCode.UNAVAILABLE, kmsFailure(kms).code());
        }
        assertEquals(3, stub.calls().size());
    }

    @ParameterizedTest
    @EnumSource(AwsHttpClient.class)
    void nothingListeningIsUnavailable(AwsHttpClient client) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (AwsKms kms = AwsKms.create(AwsKmsConfig.builder().region("us-east-1").endpoint("http://127.0.0.1:" + port)
                .staticCredentials("AKIDSTUB", "stub-secret", null).maxAttempts(2).httpClient(client).build())) {
            KmsException e = kmsFailure(kms);
            assertEquals(KmsErrorCode.UNAVAILABLE, e.code());
            assertTrue(e.getMessage().contains("could not be reached"), e.getMessage());
        }
    }

    @Test
    void clientFaultsAreNotRetried() throws Exception {
        stub.mode(KmsStub.Mode.ACCESS_DENIED);
        try (AwsKms kms = engine(3, "PT10S")) {
            assertEquals(KmsErrorCode.ACCESS_DENIED, kmsFailure(kms).code());
        }
        assertEquals(1, stub.calls().size());
    }

    @Test
    void disabledKeyThroughTheCipher() throws Exception {
        KmsKey key = handle(3, "PT10S");
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        c.init(Cipher.ENCRYPT_MODE, key, spec());
        byte[] message = c.doFinal(new byte[100]);

        stub.mode(KmsStub.Mode.DISABLED);
        stub.clearCalls();
        KmsOperationException onEncrypt = assertThrows(KmsOperationException.class,
                () -> c.init(Cipher.ENCRYPT_MODE, key, spec()));
        assertEquals(KmsErrorCode.DISABLED, onEncrypt.code());
        assertEquals(KEY, onEncrypt.keyArn());

        c.init(Cipher.DECRYPT_MODE, key, spec());
        KmsOperationException onDecrypt = assertThrows(KmsOperationException.class, () -> c.doFinal(message));
        assertEquals(KmsErrorCode.DISABLED, onDecrypt.code());
        assertEquals(KEY, onDecrypt.keyArn());
        assertEquals(2, stub.calls().size(), "a disabled key is not retried");
    }

    @Test
    void failureWhileDecryptingReleasesNoPlaintext() throws Exception {
        KmsKey key = handle(2, "PT10S");
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        c.init(Cipher.ENCRYPT_MODE, key, spec());
        byte[] plaintext = new byte[200_000];
        byte[] message = c.doFinal(plaintext);

        stub.mode(KmsStub.Mode.SERVER_ERROR);
        c.init(Cipher.DECRYPT_MODE, key, spec());
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        KmsOperationException e = assertThrows(KmsOperationException.class, () -> {
            for (int off = 0; off < message.length; off += 4096) {
                byte[] out = c.update(message, off, Math.min(4096, message.length - off));
                if (out != null) {
                    released.write(out);
                }
            }
            released.write(c.doFinal());
        });
        assertEquals(KmsErrorCode.INTERNAL, e.code());
        assertEquals(0, released.size(), "no plaintext before the data key was unwrapped");

        // The same Cipher, KMS back: the message decrypts whole.
        stub.mode(KmsStub.Mode.FAKE);
        c.init(Cipher.DECRYPT_MODE, key, spec());
        assertArrayEquals(plaintext, c.doFinal(message));
    }
}
