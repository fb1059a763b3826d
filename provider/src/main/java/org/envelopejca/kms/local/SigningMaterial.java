package org.envelopejca.kms.local;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.digests.NullDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.SigningAlgorithm;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

/**
 * The cryptography of signing keys: key pairs, and signatures over a digest computed before (KMS MessageType
 * DIGEST; a RAW message is hashed here first). Bouncy Castle's lightweight signers take the digest as input, so
 * the JDK's hash-then-sign engines are not needed: RSASSA-PKCS1-v1_5 (RFC 8017 section 8.2, DigestInfo written by
 * {@link RSADigestSigner}), RSASSA-PSS (RFC 8017 section 8.1, MGF1 of the same digest, salt = digest length, as KMS
 * signs) and ECDSA (DER Ecdsa-Sig-Value, as KMS returns it).
 */
final class SigningMaterial {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SigningMaterial() {
    }

    static KeyPair generate(KeySpec spec) {
        try {
            if (spec.isEcc()) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec(spec.curveName()), RANDOM);
                KeyPair pair = generator.generateKeyPair();
                if (!(pair.getPublic() instanceof ECPublicKey)) {
                    throw new IllegalStateException("EC key generation gave another key type");
                }
                return pair;
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(spec.rsaBits(), RANDOM);
            KeyPair pair = generator.generateKeyPair();
            if (((RSAPublicKey) pair.getPublic()).getModulus().bitLength() != spec.rsaBits()) {
                throw new IllegalStateException("RSA key of the wrong size");
            }
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(spec + " key generation unavailable", e);
        }
    }

    /** The digest of a RAW message with the algorithm's hash. */
    static byte[] digest(SigningAlgorithm algorithm, byte[] message) {
        try {
            return MessageDigest.getInstance(algorithm.digestAlgorithm()).digest(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.digestAlgorithm() + " unavailable", e);
        }
    }

    /** Signs {@code digest} with the PKCS#8 private key, which is zeroed here. */
    static byte[] sign(byte[] pkcs8, SigningAlgorithm algorithm, byte[] digest) {
        try {
            AsymmetricKeyParameter key = PrivateKeyFactory.createKey(pkcs8);
            Signer signer = signer(algorithm);
            signer.init(true, new ParametersWithRandom(key, RANDOM));
            signer.update(digest, 0, digest.length);
            return signer.generateSignature();
        } catch (IOException | CryptoException e) {
            throw new IllegalStateException("signing with " + algorithm + " failed", e);
        } finally {
            // BC's key parameters keep their own copy, which cannot be wiped; ours is.
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** Whether {@code signature} is one of the public key's over {@code digest}. */
    static boolean verify(byte[] publicKeyDer, SigningAlgorithm algorithm, byte[] digest, byte[] signature) {
        AsymmetricKeyParameter key;
        try {
            key = PublicKeyFactory.createKey(publicKeyDer);
        } catch (IOException e) {
            throw new IllegalStateException("stored public key unreadable", e);
        }
        Signer signer = signer(algorithm);
        signer.init(false, key);
        signer.update(digest, 0, digest.length);
        try {
            return signer.verifySignature(signature);
        } catch (RuntimeException e) {
            // A malformed signature (bad DER, wrong length) is just not a valid one.
            return false;
        }
    }

    /** A signer whose input is the digest itself. */
    private static Signer signer(SigningAlgorithm algorithm) {
        int length = algorithm.digestLength();
        return switch (algorithm.scheme()) {
            case RSA_PKCS1 -> new RSADigestSigner(new NullDigest(), digestOid(length));
            case RSA_PSS -> PSSSigner.createRawSigner(new RSABlindedEngine(), hash(length), hash(length), length,
                    PSSSigner.TRAILER_IMPLICIT);
            case ECDSA -> new DSADigestSigner(new ECDSASigner(), new NullDigest(), StandardDSAEncoding.INSTANCE);
        };
    }

    private static Digest hash(int length) {
        return switch (length) {
            case 32 -> new SHA256Digest();
            case 48 -> new SHA384Digest();
            case 64 -> new SHA512Digest();
            default -> throw new IllegalArgumentException("no SHA-2 digest of " + length + " bytes");
        };
    }

    private static ASN1ObjectIdentifier digestOid(int length) {
        return switch (length) {
            case 32 -> NISTObjectIdentifiers.id_sha256;
            case 48 -> NISTObjectIdentifiers.id_sha384;
            case 64 -> NISTObjectIdentifiers.id_sha512;
            default -> throw new IllegalArgumentException("no SHA-2 digest of " + length + " bytes");
        };
    }
}
