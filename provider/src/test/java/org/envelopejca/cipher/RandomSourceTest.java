package org.envelopejca.cipher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.DrbgParameters;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.KeyGeneratorSpi;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.junit.jupiter.api.Test;

class RandomSourceTest {

    @Test
    void theInstanceFoundIsTheOneTheJcaHandsOutWhenGivenNone() throws Exception {
        SecureRandom found = RandomSource.jcaDefault();
        assertNotNull(found);
        // another JCA class, the same rule: KeyGenerator.init(int) passes the JVM-wide default to its implementation
        SecureRandom[] given = new SecureRandom[1];
        KeyGeneratorSpi recorder = new KeyGeneratorSpi() {
            @Override
            protected void engineInit(SecureRandom random) {
                given[0] = random;
            }

            @Override
            protected void engineInit(AlgorithmParameterSpec params, SecureRandom random) {
                given[0] = random;
            }

            @Override
            protected void engineInit(int keysize, SecureRandom random) {
                given[0] = random;
            }

            @Override
            protected SecretKey engineGenerateKey() {
                throw new UnsupportedOperationException();
            }
        };
        new KeyGenerator(recorder, new EnvelopeProvider(), "Recorder") { }.init(128);
        assertSame(given[0], found);
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
}
