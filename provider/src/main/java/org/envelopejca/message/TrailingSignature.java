package org.envelopejca.message;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The ECDSA key pair and public-key encoding of the signing suites. Spec: data-format/message-footer.md,
 * framework/algorithm-suites.md (signature algorithm), framework/structures.md (aws-crypto-public-key holds the
 * base64 of the SEC1 compressed point).
 *
 * <p>With the JDK backend, Bouncy Castle's lightweight EC code does the curve arithmetic, not the JDK's SunEC: on P-384 it generates a
 * key pair and signs about 4.5 times as fast and verifies about 7 times as fast (same machine, JDK 17 and 25), and
 * the JDK has no intrinsics for it. Its fixed-base multiplications (key generation, signing) use the curve's
 * cache-safe lookup table; each signing key signs one message only, which leaves a timing observer one trace per
 * key. Verification handles public values only. With the ACCP backend AWS-LC does it ({@link Ecdsa}); decoding and
 * validating the public key stays here, for both.
 */
final class TrailingSignature {
    /** The reserved encryption-context key that carries the verification key. */
    static final String PUBLIC_KEY_CONTEXT_KEY = "aws-crypto-public-key";
    /** DER ECDSA signatures over P-384 are at most 104 bytes; anything longer is not one. */
    static final int MAX_SIGNATURE_LENGTH = 104;

    /**
     * One domain object per curve for the life of the JVM: Bouncy Castle keeps the precomputed multiples of the
     * generator on it, which is what makes the fixed-base multiplications fast. Immutable once built.
     */
    private static final Map<AlgorithmSuite.Signature, ECDomainParameters> DOMAINS = domains();

    private TrailingSignature() {
    }

    /**
     * A per-message signing key and the encoded public half that goes into the encryption context. The private half
     * is Bouncy Castle's ({@code bcKey}, JDK backend) or a JCA key of the backend's provider ({@code jcaKey}, ACCP);
     * the other is null.
     */
    record SigningKey(ECPrivateKeyParameters bcKey, PrivateKey jcaKey, String encodedPublicKey,
                      ECDomainParameters domain) {
        static SigningKey of(PrivateKey jcaKey, String encodedPublicKey, ECDomainParameters domain) {
            return new SigningKey(null, jcaKey, encodedPublicKey, domain);
        }

        @Override
        public String toString() {
            return "SigningKey[" + domain.getCurve().getFieldSize() + "-bit curve]";
        }
    }

    /** A key pair from Bouncy Castle, drawn from {@code random} (the JDK backend). */
    static SigningKey generate(AlgorithmSuite suite, SecureRandom random) {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(domain(suite), random));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        ECPoint q = ((ECPublicKeyParameters) pair.getPublic()).getQ();
        return new SigningKey((ECPrivateKeyParameters) pair.getPrivate(), null,
                Base64.getEncoder().encodeToString(q.getEncoded(true)), domain(suite));
    }

    /** The base64 of the SEC1 compressed encoding of a JCA public point (from the ACCP backend). */
    static String encodeCompressed(AlgorithmSuite suite, java.security.spec.ECPoint w) {
        ECPoint q = domain(suite).getCurve().createPoint(w.getAffineX(), w.getAffineY());
        return Base64.getEncoder().encodeToString(q.getEncoded(true));
    }

    /**
     * The verification key stored in the encryption context: its SEC1 bytes and, unless they are the compressed
     * point of the suite's curve (what every ESDK writes), the point already decoded and validated here. A compressed
     * point is decompressed and validated where it is used ({@link Ecdsa#initVerify}): by Bouncy Castle with the JDK
     * backend, by AWS-LC with ACCP (a fifth of a verification's time spent in Bouncy Castle's square root
     * otherwise). Either way an invalid key is a {@link MessageFormatException}.
     */
    static final class VerificationKey {
        private final AlgorithmSuite suite;
        private final byte[] encoded;
        private ECPublicKeyParameters point;

        private VerificationKey(AlgorithmSuite suite, byte[] encoded, ECPublicKeyParameters point) {
            this.suite = suite;
            this.encoded = encoded;
            this.point = point;
        }

        /** The point, decoded and validated (on the curve, not infinity) by Bouncy Castle. */
        ECPublicKeyParameters point() throws MessageFormatException {
            if (point == null) {
                point = decodePoint(suite, encoded);
            }
            return point;
        }

        /** True when only the compressed encoding was checked so far (its length and prefix). */
        boolean isUndecodedCompressedPoint() {
            return point == null;
        }

        /** The X.509 SubjectPublicKeyInfo of the point as encoded (RFC 5480), built by Bouncy Castle's ASN.1 code. */
        byte[] subjectPublicKeyInfo() {
            try {
                return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                        ECNamedCurveTable.getOID(suite.signature().curve)), encoded).getEncoded(ASN1Encoding.DER);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("SubjectPublicKeyInfo encoding failed", e);
            }
        }

        String curve() {
            return suite.signature().curve;
        }
    }

    /** Decodes the public key stored in the encryption context; see {@link VerificationKey} for when it is validated. */
    static VerificationKey decodePublicKey(AlgorithmSuite suite, String encoded) throws MessageFormatException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new MessageFormatException("signature public key in the encryption context is malformed");
        }
        int fieldBytes = (domain(suite).getCurve().getFieldSize() + 7) / 8;
        boolean compressed = bytes.length == 1 + fieldBytes && (bytes[0] == 0x02 || bytes[0] == 0x03);
        // anything else (uncompressed, hybrid, infinity, wrong lengths) is decoded here, by Bouncy Castle, as always
        return new VerificationKey(suite, bytes, compressed ? null : decodePoint(suite, bytes));
    }

    private static ECPublicKeyParameters decodePoint(AlgorithmSuite suite, byte[] bytes) throws MessageFormatException {
        ECDomainParameters domain = domain(suite);
        try {
            ECPoint p = domain.getCurve().decodePoint(bytes).normalize();
            if (p.isInfinity() || !p.isValid()) {
                throw new MessageFormatException("signature public key is not a point of " + suite.signature().curve);
            }
            return new ECPublicKeyParameters(p, domain);
        } catch (IllegalArgumentException e) {
            throw new MessageFormatException("signature public key in the encryption context is malformed");
        }
    }

    static ECDomainParameters domain(AlgorithmSuite suite) {
        ECDomainParameters domain = DOMAINS.get(suite.signature());
        if (domain == null) {
            throw new IllegalArgumentException(suite + " does not sign");
        }
        return domain;
    }

    private static Map<AlgorithmSuite.Signature, ECDomainParameters> domains() {
        Map<AlgorithmSuite.Signature, ECDomainParameters> domains = new EnumMap<>(AlgorithmSuite.Signature.class);
        for (AlgorithmSuite.Signature s : AlgorithmSuite.Signature.values()) {
            if (s.curve != null) {
                X9ECParameters x9 = CustomNamedCurves.getByName(s.curve);
                domains.put(s, new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed()));
            }
        }
        return domains;
    }
}
