package org.envelopejca.properties;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.message.CommitmentPolicy;

/**
 * Whole-message encryption and decryption through the JCA API only: the tests treat the provider as a black box.
 * Shared by the property, interop and streaming tests.
 */
public final class Messages {
    public static final Provider PROVIDER = new EnvelopeProvider();

    private Messages() {
    }

    public static Cipher newCipher() {
        try {
            return Cipher.getInstance(EnvelopeProvider.CIPHER, PROVIDER);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("the provider does not offer its cipher", e);
        }
    }

    public static byte[] encrypt(Key key, EnvelopeParameterSpec spec, byte[] plaintext) throws GeneralSecurityException {
        Cipher cipher = newCipher();
        cipher.init(Cipher.ENCRYPT_MODE, key, spec);
        return cipher.doFinal(plaintext);
    }

    public static byte[] decrypt(Key key, EnvelopeParameterSpec spec, byte[] message) throws GeneralSecurityException {
        Cipher cipher = newCipher();
        cipher.init(Cipher.DECRYPT_MODE, key, spec);
        return cipher.doFinal(message);
    }

    /** Deterministic pseudo-random bytes: generators pass a seed, so a failing case shrinks and replays cheaply. */
    public static byte[] plaintext(long seed, int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * The policy under which a suite may be written: v1 (non-committing) suites only under
     * FORBID_ENCRYPT_ALLOW_DECRYPT (spec framework/commitment-policy.md); that policy also reads them.
     */
    public static CommitmentPolicy policyFor(AlgorithmSuite suite) {
        return suite.isCommitting() ? CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
                : CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT;
    }

    /** A spec that writes the suite. */
    public static EnvelopeParameterSpec.Builder writing(AlgorithmSuite suite) {
        return EnvelopeParameterSpec.builder().algorithmSuite(suite).commitmentPolicy(policyFor(suite));
    }

    /** A spec that reads messages of the suite (the suite itself comes from the message). */
    public static EnvelopeParameterSpec.Builder reading(AlgorithmSuite suite) {
        return EnvelopeParameterSpec.builder().commitmentPolicy(policyFor(suite));
    }
}
