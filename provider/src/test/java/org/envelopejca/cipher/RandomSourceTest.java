package org.envelopejca.cipher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.AlgorithmParameters;
import java.security.DrbgParameters;
import java.security.Key;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.junit.jupiter.api.Test;

class RandomSourceTest {

    @Test
    void theInstanceFoundIsTheOneCipherInitHandsOutWhenGivenNone() throws Exception {
        SecureRandom found = RandomSource.jcaDefault();
        assertNotNull(found);
        // the probe asks a KeyGenerator; Cipher.init(mode, key) must hand a Cipher the very same instance
        RecordingCipherSpi recorder = new RecordingCipherSpi();
        new Cipher(recorder, new EnvelopeProvider(), "Recorder") { }
                .init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[16], "AES"));
        assertSame(found, recorder.given);
    }

    @Test
    void theJvmWideDefaultIsReplacedByOneDrbgPerThread() throws Exception {
        SecureRandom mine = RandomSource.forInit(RandomSource.jcaDefault());
        assertNotSame(RandomSource.jcaDefault(), mine);
        assertSame(mine, RandomSource.forInit(RandomSource.jcaDefault()));
        assertSame(mine, RandomSource.forInit(null));
        SecureRandom another = CompletableFuture.supplyAsync(() -> RandomSource.forInit(null)).get();
        assertNotSame(mine, another);

        assertEquals("DRBG", mine.getAlgorithm());
        DrbgParameters.Instantiation parameters = (DrbgParameters.Instantiation) mine.getParameters();
        assertTrue(parameters.getStrength() >= 256, parameters.toString());
    }

    @Test
    void aSecureRandomTheApplicationGivesIsUsedAsGiven() throws Exception {
        AtomicInteger draws = new AtomicInteger();
        SecureRandom counting = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                draws.incrementAndGet();
                super.nextBytes(bytes);
            }
        };
        assertSame(counting, RandomSource.forInit(counting));

        Cipher cipher = Cipher.getInstance("Envelope/AES-GCM/NoPadding", new EnvelopeProvider());
        SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
        EnvelopeParameterSpec spec = EnvelopeParameterSpec.builder().encryptionContext(Map.of("k", "v")).build();
        cipher.init(Cipher.ENCRYPT_MODE, key, spec, counting);
        cipher.doFinal(new byte[10]);
        assertTrue(draws.get() >= 2, "message ID and data key come from the application's SecureRandom");

        int before = draws.get();
        cipher.init(Cipher.ENCRYPT_MODE, key, spec);
        cipher.doFinal(new byte[10]);
        assertEquals(before, draws.get());
    }

    /** A CipherSpi that records the SecureRandom of its init and does nothing else. */
    private static final class RecordingCipherSpi extends CipherSpi {
        SecureRandom given;

        @Override
        protected void engineInit(int opmode, Key key, SecureRandom random) {
            given = random;
        }

        @Override
        protected void engineInit(int opmode, Key key, AlgorithmParameterSpec params, SecureRandom random) {
            given = random;
        }

        @Override
        protected void engineInit(int opmode, Key key, AlgorithmParameters params, SecureRandom random) {
            given = random;
        }

        @Override
        protected void engineSetMode(String mode) {
        }

        @Override
        protected void engineSetPadding(String padding) {
        }

        @Override
        protected int engineGetBlockSize() {
            return 0;
        }

        @Override
        protected int engineGetOutputSize(int inputLen) {
            return 0;
        }

        @Override
        protected byte[] engineGetIV() {
            return null;
        }

        @Override
        protected AlgorithmParameters engineGetParameters() {
            return null;
        }

        @Override
        protected byte[] engineUpdate(byte[] input, int inputOffset, int inputLen) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected int engineUpdate(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected byte[] engineDoFinal(byte[] input, int inputOffset, int inputLen) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected int engineDoFinal(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset) {
            throw new UnsupportedOperationException();
        }
    }
}
