package org.envelopejca.message;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * The trailing signature of one suite, streamed, from one backend: its per-message key pair, and the signature or
 * verification over header and body. Spec: data-format/message-footer.md: a DER-encoded ECDSA signature over the
 * hash of header and body. Not thread-safe: one per {@link Primitives}.
 *
 * <p>Both backends accept the same signatures: only the canonical DER encoding of two integers in 1..n-1 (checked
 * here, before either backend sees it) that verifies over the same bytes.
 */
abstract class Ecdsa {
    final AlgorithmSuite suite;
    final ECDomainParameters domain;

    private Ecdsa(AlgorithmSuite suite) {
        this.suite = suite;
        this.domain = TrailingSignature.domain(suite);
    }

    static Ecdsa of(AlgorithmSuite suite, CryptoBackend backend) {
        return backend.isAccp() ? new Accp(suite, backend) : new BouncyCastle(suite);
    }

    /** A fresh per-message key pair; the JDK backend draws it from {@code random}, ACCP from AWS-LC's DRBG. */
    abstract TrailingSignature.SigningKey generateKey(SecureRandom random);

    abstract void initSign(TrailingSignature.SigningKey key, SecureRandom random);

    /** Starts a verification; a MessageFormatException when {@code key} is not a point of the suite's curve. */
    abstract void initVerify(TrailingSignature.VerificationKey key) throws MessageFormatException;

    abstract void update(byte[] b, int off, int len);

    abstract byte[] sign();

    /**
     * True when {@code signature} is the canonical DER encoding of a valid signature over what was hashed. The
     * verdict depends on public values only, so it needs no constant-time comparison.
     */
    final boolean verify(byte[] signature, int off, int len) {
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
        return verifyCanonical(der, rs);
    }

    abstract boolean verifyCanonical(byte[] der, BigInteger[] rs);

    /**
     * The JDK backend: the JDK's MessageDigest hashes header and body as they pass (its SHA-2 intrinsics), Bouncy
     * Castle's ECDSA signs or verifies the hash (see {@link TrailingSignature} for why not SunEC).
     */
    private static final class BouncyCastle extends Ecdsa {
        private final MessageDigest digest;
        private final ECDSASigner ecdsa = new ECDSASigner();

        BouncyCastle(AlgorithmSuite suite) {
            super(suite);
            try {
                this.digest = MessageDigest.getInstance(suite.signature().digestAlgorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(suite.signature().digestAlgorithm + " is not available", e);
            }
        }

        @Override
        TrailingSignature.SigningKey generateKey(SecureRandom random) {
            return TrailingSignature.generate(suite, random);
        }

        @Override
        void initSign(TrailingSignature.SigningKey key, SecureRandom random) {
            digest.reset();
            // a random nonce per signature, drawn from the message's own SecureRandom
            ecdsa.init(true, new ParametersWithRandom(key.bcKey(), random));
        }

        @Override
        void initVerify(TrailingSignature.VerificationKey key) throws MessageFormatException {
            ECPublicKeyParameters point = key.point();
            digest.reset();
            ecdsa.init(false, point);
        }

        @Override
        void update(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }

        @Override
        byte[] sign() {
            BigInteger[] rs = ecdsa.generateSignature(digest.digest());
            try {
                return StandardDSAEncoding.INSTANCE.encode(domain.getN(), rs[0], rs[1]);
            } catch (IOException e) {
                throw new IllegalStateException("ECDSA signature encoding failed", e);
            }
        }

        @Override
        boolean verifyCanonical(byte[] der, BigInteger[] rs) {
            return ecdsa.verifySignature(digest.digest(), rs[0], rs[1]);
        }
    }

    /**
     * The ACCP backend: AWS-LC generates the key pair, hashes and signs or verifies (about 4 times Bouncy Castle's
     * rate on P-384 key generation and signing, see benchmarks/RESULTS.md). Its key generation and signature nonces
     * come from AWS-LC's own DRBG, seeded from the operating system; a SecureRandom given to JCA cannot reach it.
     */
    private static final class Accp extends Ecdsa {
        private final KeyPairGenerator generator;
        private final Signature signature;
        private final KeyFactory keys;
        private final ECParameterSpec params;

        Accp(AlgorithmSuite suite, CryptoBackend backend) {
            super(suite);
            String curve = suite.signature().curve;
            String algorithm = suite.signature().digestAlgorithm.replace("-", "") + "withECDSA";
            try {
                this.generator = backend.keyPairGenerator("EC");
                generator.initialize(new ECGenParameterSpec(curve));
                this.signature = backend.signature(algorithm);
                this.keys = backend.keyFactory("EC");
                java.security.AlgorithmParameters p = java.security.AlgorithmParameters.getInstance("EC");
                p.init(new ECGenParameterSpec(curve));
                this.params = p.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(algorithm + " over " + curve + " is not available from ACCP", e);
            }
        }

        @Override
        TrailingSignature.SigningKey generateKey(SecureRandom random) {
            KeyPair pair = generator.generateKeyPair();
            ECPoint w = ((ECPublicKey) pair.getPublic()).getW();
            return TrailingSignature.SigningKey.of(pair.getPrivate(), TrailingSignature.encodeCompressed(suite, w),
                    domain);
        }

        @Override
        void initSign(TrailingSignature.SigningKey key, SecureRandom random) {
            try {
                signature.initSign(key.jcaKey());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ECDSA signing cannot start: " + e.getClass().getSimpleName(), e);
            }
        }

        @Override
        void initVerify(TrailingSignature.VerificationKey key) throws MessageFormatException {
            PublicKey publicKey;
            if (key.isUndecodedCompressedPoint()) {
                try {
                    // AWS-LC decompresses and checks the point
                    publicKey = keys.generatePublic(new X509EncodedKeySpec(key.subjectPublicKeyInfo()));
                } catch (InvalidKeySpecException e) {
                    throw new MessageFormatException("signature public key in the encryption context is malformed");
                }
            } else {
                var q = key.point().getQ();
                ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                try {
                    publicKey = keys.generatePublic(new ECPublicKeySpec(w, params));
                } catch (InvalidKeySpecException e) {
                    // validated on decoding: a refusal here is the backend's fault, not the message's
                    throw new IllegalStateException("ACCP refuses a valid public key", e);
                }
            }
            try {
                signature.initVerify(publicKey);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ECDSA verification cannot start: " + e.getClass().getSimpleName(), e);
            }
        }

        @Override
        void update(byte[] b, int off, int len) {
            try {
                signature.update(b, off, len);
            } catch (SignatureException e) {
                throw new IllegalStateException("ECDSA is not initialised", e);
            }
        }

        @Override
        byte[] sign() {
            try {
                return signature.sign();
            } catch (SignatureException e) {
                throw new IllegalStateException("ECDSA signing failed: " + e.getClass().getSimpleName(), e);
            }
        }

        @Override
        boolean verifyCanonical(byte[] der, BigInteger[] rs) {
            try {
                return signature.verify(der);
            } catch (SignatureException e) {
                return false;
            }
        }
    }
}
