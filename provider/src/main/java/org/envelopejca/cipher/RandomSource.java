package org.envelopejca.cipher;

import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.KeyGenerator;
import javax.crypto.KeyGeneratorSpi;
import javax.crypto.SecretKey;
import org.envelopejca.EnvelopeProvider;

/**
 * Which SecureRandom a Cipher draws from (message IDs, data keys of raw keyrings, IVs of wrapped keys, ECDSA keys and
 * nonces).
 *
 * <p>A SecureRandom the application passes to {@code init} is used as given. {@code Cipher.init} without one hands
 * the provider the JCA's single JVM-wide default instance, which every thread of the JVM then shares under one lock
 * (on Linux a NativePRNG, whose instances all share one global state anyway). Drawing from it made two threads
 * encrypting small messages reach 1.6 times one thread instead of 1.9. So that instance, and only it, is replaced by
 * one per thread: an SP 800-90A DRBG at 256-bit strength from the highest-priority provider that has one, seeded
 * from the JVM's entropy source; failing that, a fresh instance of the default's own algorithm and provider; failing
 * that, the default itself.
 *
 * <p>The default instance is recognised by identity, having been obtained the way the JCA obtains it: by
 * initialising a JCA engine without a SecureRandom, here a KeyGenerator whose implementation only records what it
 * was given.
 * Deliberate caches: the recognised instance, and one DRBG per thread (per virtual thread, too, which is what an
 * application running a virtual thread per message pays a DRBG instantiation for).
 */
final class RandomSource {
    private static final class JcaDefault {
        static final SecureRandom INSTANCE = probe();
    }

    private static final ThreadLocal<SecureRandom> PER_THREAD = ThreadLocal.withInitial(RandomSource::newPerThread);

    private RandomSource() {
    }

    /** The SecureRandom for an {@code init} that was given {@code given} (null when called without the JCA). */
    static SecureRandom forInit(SecureRandom given) {
        if (given == null || given == JcaDefault.INSTANCE) {
            return PER_THREAD.get();
        }
        return given;
    }

    /** The JVM-wide instance {@code Cipher.init} passes when the application gives none; null if not found. */
    static SecureRandom jcaDefault() {
        return JcaDefault.INSTANCE;
    }

    private static SecureRandom newPerThread() {
        try {
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (GeneralSecurityException | IllegalArgumentException noDrbg) {
            SecureRandom jca = JcaDefault.INSTANCE;
            if (jca == null) {
                return new SecureRandom();
            }
            try {
                return SecureRandom.getInstance(jca.getAlgorithm(), jca.getProvider());
            } catch (GeneralSecurityException | IllegalArgumentException noOwnInstance) {
                return jca;
            }
        }
    }

    private static SecureRandom probe() {
        // KeyGenerator.init(int) hands its implementation the same JVM-wide instance that Cipher.init(mode, key)
        // hands a Cipher (the test checks both); its implementation has four methods to write, a Cipher's eleven.
        Recorder recorder = new Recorder();
        try {
            new KeyGenerator(recorder, new EnvelopeProvider(), "RandomSourceProbe") { }.init(128);
            return recorder.given;
        } catch (RuntimeException e) {
            return null; // every SecureRandom then counts as the application's own: correct, only shared
        }
    }

    /** A KeyGeneratorSpi that records the SecureRandom of its init and does nothing else. */
    private static final class Recorder extends KeyGeneratorSpi {
        private SecureRandom given;

        @Override
        protected void engineInit(SecureRandom random) {
            given = random;
        }

        @Override
        protected void engineInit(AlgorithmParameterSpec params, SecureRandom random) {
            given = random;
        }

        @Override
        protected void engineInit(int keysize, SecureRandom random) {
            given = random;
        }

        @Override
        protected SecretKey engineGenerateKey() {
            throw new UnsupportedOperationException();
        }
    }
}
