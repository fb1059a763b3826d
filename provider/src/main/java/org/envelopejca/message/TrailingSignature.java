package org.envelopejca.message;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * The ECDSA key pair, public-key encoding and signature of the signing suites. Spec: data-format/message-footer.md,
 * framework/algorithm-suites.md (signature algorithm), framework/structures.md (aws-crypto-public-key holds the
 * base64 of the SEC1 compressed point). JDK ECDSA signs and verifies; Bouncy Castle (de)compresses points, which
 * the JDK cannot.
 */
final class TrailingSignature {
    /** The reserved encryption-context key that carries the verification key. */
    static final String PUBLIC_KEY_CONTEXT_KEY = "aws-crypto-public-key";
    /** DER ECDSA signatures over P-384 are at most 104 bytes; anything longer is not one. */
    static final int MAX_SIGNATURE_LENGTH = 104;

    private TrailingSignature() {
    }

    static KeyPair generateKeyPair(AlgorithmSuite suite, SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(suite.signature().curve), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC key generation failed", e);
        }
    }

    static Signature newSignature(AlgorithmSuite suite) {
        try {
            return Signature.getInstance(suite.signature().jcaAlgorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(suite.signature().jcaAlgorithm + " is not available", e);
        }
    }

    /** Base64 of the compressed SEC1 point of {@code key}. */
    static String encodePublicKey(AlgorithmSuite suite, PublicKey key) {
        ECPoint w = ((ECPublicKey) key).getW();
        X9ECParameters curve = CustomNamedCurves.getByName(suite.signature().curve);
        byte[] compressed = curve.getCurve().createPoint(w.getAffineX(), w.getAffineY()).getEncoded(true);
        return Base64.getEncoder().encodeToString(compressed);
    }

    /** Decodes and validates (on the curve, not infinity) the public key stored in the encryption context. */
    static PublicKey decodePublicKey(AlgorithmSuite suite, String encoded) throws MessageFormatException {
        try {
            byte[] bytes = Base64.getDecoder().decode(encoded);
            X9ECParameters curve = CustomNamedCurves.getByName(suite.signature().curve);
            org.bouncycastle.math.ec.ECPoint p = curve.getCurve().decodePoint(bytes).normalize();
            if (p.isInfinity() || !p.isValid()) {
                throw new MessageFormatException("signature public key is not a point of " + suite.signature().curve);
            }
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec(suite.signature().curve));
            ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
            ECPoint w = new ECPoint(p.getAffineXCoord().toBigInteger(), p.getAffineYCoord().toBigInteger());
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
        } catch (IllegalArgumentException e) {
            throw new MessageFormatException("signature public key in the encryption context is malformed");
        } catch (GeneralSecurityException e) {
            throw new MessageFormatException("signature public key cannot be used: " + e.getClass().getSimpleName());
        }
    }
}
