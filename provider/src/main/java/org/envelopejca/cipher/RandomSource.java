package org.envelopejca.cipher;

import java.security.AlgorithmParameters;
import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.spec.SecretKeySpec;
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
 * initialising a Cipher without a SecureRandom, here one whose implementation only records what it was given.
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
        Recorder recorder = new Recorder();
        try {
            new Cipher(recorder, new EnvelopeProvider(), "RandomSourceProbe") { }
                    .init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[16], "AES"));
            return recorder.given;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null; // every SecureRandom then counts as the application's own: correct, only shared
        }
    }

    /** A CipherSpi that records the SecureRandom of its init and does nothing else. */
    private static final class Recorder extends CipherSpi {
        private SecureRandom given;

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
            throw new UnsupportedOperationException();
        }

        @Override
        protected void engineSetPadding(String padding) {
            throw new UnsupportedOperationException();
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
