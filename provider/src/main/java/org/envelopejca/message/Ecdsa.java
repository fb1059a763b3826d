package org.envelopejca.message;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * The trailing signature of one suite, streamed: the JDK's MessageDigest hashes header and body as they pass (its
 * SHA-2 intrinsics), Bouncy Castle's ECDSA signs or verifies the hash (see {@link TrailingSignature} for why).
 * Spec: data-format/message-footer.md: a DER-encoded ECDSA signature over the hash of header and body. Not
 * thread-safe: one per {@link Primitives}.
 */
final class Ecdsa {
    private final ECDomainParameters domain;
    private final MessageDigest digest;
    private final ECDSASigner ecdsa = new ECDSASigner();

    Ecdsa(AlgorithmSuite suite) {
        this.domain = TrailingSignature.domain(suite);
        try {
            this.digest = MessageDigest.getInstance(suite.signature().digestAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(suite.signature().digestAlgorithm + " is not available", e);
        }
    }

    void initSign(TrailingSignature.SigningKey key, SecureRandom random) {
        digest.reset();
        // a random nonce per signature, drawn from the message's own SecureRandom
        ecdsa.init(true, new ParametersWithRandom(key.privateKey(), random));
    }

    void initVerify(ECPublicKeyParameters key) {
        digest.reset();
        ecdsa.init(false, key);
    }

    void update(byte[] b, int off, int len) {
        digest.update(b, off, len);
    }

    byte[] sign() {
        BigInteger[] rs = ecdsa.generateSignature(digest.digest());
        try {
            return StandardDSAEncoding.INSTANCE.encode(domain.getN(), rs[0], rs[1]);
        } catch (IOException e) {
            throw new IllegalStateException("ECDSA signature encoding failed", e);
        }
    }

    /**
     * True when {@code signature} is the canonical DER encoding of a valid signature over what was hashed. The
     * verdict depends on public values only, so it needs no constant-time comparison.
     */
    boolean verify(byte[] signature, int off, int len) {
        byte[] hash = digest.digest();
        byte[] der = Arrays.copyOfRange(signature, off, off + len);
        BigInteger[] rs;
        try {
            // rejects non-canonical DER (it re-encodes and compares) and values outside 1..n-1
            rs = StandardDSAEncoding.INSTANCE.decode(domain.getN(), der);
        } catch (IOException | RuntimeException e) {
            // the ASN.1 parser meets attacker-chosen bytes and signals some shapes with a ClassCastException or
            // others of its kind: whatever it cannot read as two integers is not a signature
            return false;
        }
        return ecdsa.verifySignature(hash, rs[0], rs[1]);
    }
}
