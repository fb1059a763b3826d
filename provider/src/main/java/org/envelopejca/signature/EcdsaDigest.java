package org.envelopejca.signature;

import java.util.Arrays;

/**
 * KMS signs with an ECC key only under the hash of its curve (P-256: SHA-256, P-384: SHA-384, P-521: SHA-512),
 * while JCA names such as SHA256withECDSA may be asked of any curve (TLS 1.2 does). ECDSA uses the digest only as
 * the integer of its leftmost min(digest bits, order bits) bits (SEC 1 v2 section 4.1.3 step 5; FIPS 186-5
 * section 6.4.1), so another digest can be put in the curve's digest length without changing that integer: a
 * shorter one gets leading zero bytes, a longer one is cut to its leftmost bytes. The signature then verifies as
 * the one the caller asked for.
 */
final class EcdsaDigest {
    private EcdsaDigest() {
    }

    static byte[] fit(byte[] digest, int length) {
        if (digest.length == length) {
            return digest;
        }
        if (digest.length > length) {
            return Arrays.copyOf(digest, length);
        }
        byte[] padded = new byte[length];
        System.arraycopy(digest, 0, padded, length - digest.length, digest.length);
        return padded;
    }
}
