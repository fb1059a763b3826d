package org.envelopejca.kms;

import java.util.ArrayList;
import java.util.List;

/**
 * KMS SigningAlgorithmSpec values this provider supports (AWS KMS Developer Guide, "Asymmetric key specs"): RSA keys
 * take every RSASSA algorithm, an ECC key only the ECDSA algorithm of its curve's size. PSS uses MGF1 with the same
 * digest and a salt as long as the digest; ECDSA signatures are DER-encoded (ANSI X9.62 Ecdsa-Sig-Value).
 */
public enum SigningAlgorithm {
    RSASSA_PSS_SHA_256(Scheme.RSA_PSS, "SHA-256", 32),
    RSASSA_PSS_SHA_384(Scheme.RSA_PSS, "SHA-384", 48),
    RSASSA_PSS_SHA_512(Scheme.RSA_PSS, "SHA-512", 64),
    RSASSA_PKCS1_V1_5_SHA_256(Scheme.RSA_PKCS1, "SHA-256", 32),
    RSASSA_PKCS1_V1_5_SHA_384(Scheme.RSA_PKCS1, "SHA-384", 48),
    RSASSA_PKCS1_V1_5_SHA_512(Scheme.RSA_PKCS1, "SHA-512", 64),
    ECDSA_SHA_256(Scheme.ECDSA, "SHA-256", 32),
    ECDSA_SHA_384(Scheme.ECDSA, "SHA-384", 48),
    ECDSA_SHA_512(Scheme.ECDSA, "SHA-512", 64);

    /** The signature scheme, independent of the digest. */
    public enum Scheme {
        RSA_PSS, RSA_PKCS1, ECDSA
    }

    private final Scheme scheme;
    private final String digest;
    private final int digestLength;

    SigningAlgorithm(Scheme scheme, String digest, int digestLength) {
        this.scheme = scheme;
        this.digest = digest;
        this.digestLength = digestLength;
    }

    public Scheme scheme() {
        return scheme;
    }

    /** The JCA MessageDigest name ({@code SHA-256}, …). */
    public String digestAlgorithm() {
        return digest;
    }

    /** Bytes of the digest, which is also the PSS salt length. */
    public int digestLength() {
        return digestLength;
    }

    /** Whether a key of {@code spec} signs with this algorithm. */
    public boolean supports(KeySpec spec) {
        return switch (scheme) {
            case RSA_PSS, RSA_PKCS1 -> spec.isRsa();
            case ECDSA -> spec.isEcc() && spec.ecdsaDigestLength() == digestLength;
        };
    }

    /** The algorithms a key of {@code spec} signs with, in KMS's order; empty for a symmetric key. */
    public static List<SigningAlgorithm> forKeySpec(KeySpec spec) {
        List<SigningAlgorithm> out = new ArrayList<>();
        for (SigningAlgorithm a : values()) {
            if (a.supports(spec)) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    /** The algorithm of this wire name, or null when this provider does not know it. */
    public static SigningAlgorithm fromName(String name) {
        for (SigningAlgorithm a : values()) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }
}
