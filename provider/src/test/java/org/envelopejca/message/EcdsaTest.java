package org.envelopejca.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
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
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The trailing signature against the JDK's own ECDSA (SunEC), a peer this project did not write: what one signs the
 * other verifies, both ways, and what is not a canonical signature over the same bytes does not verify. With the
 * backend the run chose (-Denvelope.crypto=jdk or accp).
 */
class EcdsaTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] HEADER = "header bytes".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BODY = new byte[5000];

    @ParameterizedTest
    @EnumSource(value = AlgorithmSuite.class, names = {"AES_128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256",
            "AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384", "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
    void theJdkVerifiesWhatThisSigns(AlgorithmSuite suite) throws Exception {
        TrailingSignature.SigningKey key = generate(suite);
        byte[] signature = sign(suite, key);

        Signature jdk = Signature.getInstance(jdkAlgorithm(suite), "SunEC");
        jdk.initVerify(jdkPublicKey(suite, key.encodedPublicKey()));
        jdk.update(HEADER);
        jdk.update(BODY);
        assertTrue(jdk.verify(signature));
        assertTrue(verify(suite, TrailingSignature.decodePublicKey(suite, key.encodedPublicKey()), signature, BODY));
    }

    @ParameterizedTest
    @EnumSource(value = AlgorithmSuite.class, names = {"AES_128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256",
            "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
    void thisVerifiesWhatTheJdkSigns(AlgorithmSuite suite) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
        generator.initialize(new ECGenParameterSpec(suite.signature().curve));
        KeyPair pair = generator.generateKeyPair();
        Signature jdk = Signature.getInstance(jdkAlgorithm(suite), "SunEC");
        jdk.initSign(pair.getPrivate());
        jdk.update(HEADER);
        jdk.update(BODY);
        byte[] signature = jdk.sign();

        TrailingSignature.VerificationKey key = TrailingSignature.decodePublicKey(suite,
                TrailingSignature.encodeCompressed(suite, ((ECPublicKey) pair.getPublic()).getW()));
        assertTrue(verify(suite, key, signature, BODY));
        byte[] otherBody = BODY.clone();
        otherBody[4321] ^= 1;
        assertFalse(verify(suite, key, signature, otherBody));
    }

    @ParameterizedTest
    @EnumSource(value = AlgorithmSuite.class, names = {"AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
    void whatIsNotACanonicalSignatureDoesNotVerify(AlgorithmSuite suite) throws Exception {
        TrailingSignature.SigningKey key = generate(suite);
        TrailingSignature.VerificationKey publicKey = TrailingSignature.decodePublicKey(suite, key.encodedPublicKey());
        byte[] signature = sign(suite, key);
        BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(TrailingSignature.domain(suite).getN(), signature);
        BigInteger n = TrailingSignature.domain(suite).getN();

        byte[] flipped = signature.clone();
        flipped[flipped.length - 1] ^= 1;
        assertFalse(verify(suite, publicKey, flipped, BODY));
        // the same integers, with one more byte of the DER length: BER, not DER
        assertFalse(verify(suite, publicKey, longFormLength(signature), BODY));
        // s + n is the same residue as s, but no canonical signature holds a value outside 1..n-1
        assertFalse(verify(suite, publicKey, der(rs[0], n.add(rs[1])), BODY));
        assertFalse(verify(suite, publicKey, der(BigInteger.ZERO, rs[1]), BODY));
        assertFalse(verify(suite, publicKey, new byte[0], BODY));
        // a SEQUENCE of an ENUMERATED and an INTEGER: the ASN.1 parser's cast fails, the verdict must not
        assertFalse(verify(suite, publicKey, new byte[] {0x30, 0x06, 0x0a, 0x01, 0x01, 0x02, 0x01, 0x01}, BODY));
        assertTrue(verify(suite, publicKey, signature, BODY));
    }

    @ParameterizedTest
    @EnumSource(value = AlgorithmSuite.class, names = {"AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
    void aMalformedPublicKeyIsRefused(AlgorithmSuite suite) throws Exception {
        byte[] point = Base64.getDecoder().decode(generate(suite).encodedPublicKey());
        point[0] = 0x04; // claims an uncompressed point but is as short as a compressed one: not a SEC1 encoding
        String encoded = Base64.getEncoder().encodeToString(point);
        assertThrows(MessageFormatException.class, () -> TrailingSignature.decodePublicKey(suite, encoded));
        assertThrows(MessageFormatException.class, () -> TrailingSignature.decodePublicKey(suite, "not base64!"));
        // a well-formed uncompressed encoding of a point that is not on the curve
        var q = TrailingSignature.decodePublicKey(suite, generate(suite).encodedPublicKey()).point().getQ();
        var curve = TrailingSignature.domain(suite).getCurve();
        byte[] offCurve = curve.createPoint(q.getAffineXCoord().toBigInteger(),
                q.getAffineYCoord().toBigInteger().add(BigInteger.ONE)).getEncoded(false);
        String offCurveEncoded = Base64.getEncoder().encodeToString(offCurve);
        assertThrows(MessageFormatException.class, () -> TrailingSignature.decodePublicKey(suite, offCurveEncoded));
        // compressed encodings are checked where the backend decompresses them: an x with no point on the curve,
        // and an x outside the field
        BigInteger x = q.getAffineXCoord().toBigInteger();
        byte[] noPoint;
        do {
            x = x.add(BigInteger.ONE);
            noPoint = compressed(x, curve.getFieldSize() / 8);
        } while (decodes(curve, noPoint));
        for (byte[] bad : new byte[][] {noPoint, compressed(BigInteger.ONE.shiftLeft(curve.getFieldSize()).subtract(BigInteger.ONE),
                curve.getFieldSize() / 8)}) {
            var key = TrailingSignature.decodePublicKey(suite, Base64.getEncoder().encodeToString(bad));
            assertThrows(MessageFormatException.class, () -> Ecdsa.of(suite, CryptoBackend.current()).initVerify(key));
        }
    }

    private static byte[] compressed(BigInteger x, int fieldBytes) {
        byte[] out = new byte[1 + fieldBytes];
        out[0] = 0x02;
        byte[] xb = x.toByteArray();
        int n = Math.min(xb.length, fieldBytes);
        System.arraycopy(xb, xb.length - n, out, out.length - n, n);
        return out;
    }

    private static boolean decodes(org.bouncycastle.math.ec.ECCurve curve, byte[] point) {
        try {
            curve.decodePoint(point);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(value = AlgorithmSuite.class, names = {"AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
    void theSigningKeyDoesNotPrintItsSecret(AlgorithmSuite suite) {
        TrailingSignature.SigningKey key = generate(suite);
        String text = key.toString();
        assertEquals("SigningKey[384-bit curve]", text);
        if (key.bcKey() != null) {
            assertFalse(text.contains(key.bcKey().getD().toString()));
            assertFalse(text.contains(key.bcKey().getD().toString(16)));
        }
    }

    private static TrailingSignature.SigningKey generate(AlgorithmSuite suite) {
        return Ecdsa.of(suite, CryptoBackend.current()).generateKey(RANDOM);
    }

    private static byte[] sign(AlgorithmSuite suite, TrailingSignature.SigningKey key) {
        Ecdsa ecdsa = Ecdsa.of(suite, CryptoBackend.current());
        ecdsa.initSign(key, RANDOM);
        ecdsa.update(HEADER, 0, HEADER.length);
        ecdsa.update(BODY, 0, BODY.length);
        return ecdsa.sign();
    }

    private static boolean verify(AlgorithmSuite suite, TrailingSignature.VerificationKey key, byte[] signature,
                                  byte[] body) throws MessageFormatException {
        Ecdsa ecdsa = Ecdsa.of(suite, CryptoBackend.current());
        ecdsa.initVerify(key);
        ecdsa.update(HEADER, 0, HEADER.length);
        ecdsa.update(body, 0, body.length);
        return ecdsa.verify(signature, 0, signature.length);
    }

    private static String jdkAlgorithm(AlgorithmSuite suite) {
        return suite.signature().digestAlgorithm.replace("-", "") + "withECDSA";
    }

    private static PublicKey jdkPublicKey(AlgorithmSuite suite, String encoded) throws Exception {
        ECPublicKeyParameters bc = TrailingSignature.decodePublicKey(suite, encoded).point();
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec(suite.signature().curve));
        ECPoint w = new ECPoint(bc.getQ().getAffineXCoord().toBigInteger(), bc.getQ().getAffineYCoord().toBigInteger());
        return KeyFactory.getInstance("EC").generatePublic(
                new ECPublicKeySpec(w, params.getParameterSpec(ECParameterSpec.class)));
    }

    private static byte[] der(BigInteger r, BigInteger s) throws Exception {
        return StandardDSAEncoding.INSTANCE.encode(null, r, s);
    }

    private static byte[] longFormLength(byte[] der) {
        // SEQUENCE with a short-form length L becomes SEQUENCE 0x81 L: same content, not DER
        byte[] ber = new byte[der.length + 1];
        ber[0] = der[0];
        ber[1] = (byte) 0x81;
        System.arraycopy(der, 1, ber, 2, der.length - 1);
        return ber;
    }
}
