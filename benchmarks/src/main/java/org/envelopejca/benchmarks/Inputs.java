package org.envelopejca.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.spec.SecretKeySpec;

/** Plaintexts and keys for the benchmarks: random but reproducible, so that runs compare like with like. */
final class Inputs {
    private Inputs() {
    }

    static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] plaintext(int length) {
        return bytes(length, 1);
    }

    /** An AES-256 key: the raw baseline's key and Envelope's raw AES wrapping key. */
    static SecretKeySpec aes256Key() {
        return new SecretKeySpec(bytes(32, 2), "AES");
    }

    /** Fails the trial (a correctness check, not a timing one) if a round trip lost the plaintext. */
    static void checkRoundTrip(byte[] expected, byte[] actual, int actualLength) {
        if (!Arrays.equals(expected, 0, expected.length, actual, 0, actualLength)) {
            throw new IllegalStateException("round trip did not return the plaintext");
        }
    }
}
