package org.envelopejca.signature;

import java.security.InvalidAlgorithmParameterException;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import org.envelopejca.kms.SigningAlgorithm;

/**
 * The RSASSA-PSS parameters KMS signs with (RFC 8017 section 9.1; AWS KMS RSASSA_PSS_SHA_*): a SHA-256/384/512
 * digest, MGF1 over the same digest, a salt as long as the digest, trailer field 1. These are also the parameters
 * TLS 1.3 requires of rsa_pss_rsae_* and rsa_pss_pss_* signatures (RFC 8446 section 4.2.3).
 */
final class PssParameters {
    private PssParameters() {
    }

    /** The KMS algorithm for {@code spec}; anything KMS cannot sign is refused, saying what it accepts. */
    static SigningAlgorithm algorithm(AlgorithmParameterSpec spec) throws InvalidAlgorithmParameterException {
        if (!(spec instanceof PSSParameterSpec pss)) {
            throw new InvalidAlgorithmParameterException("RSASSA-PSS needs a PSSParameterSpec, got "
                    + (spec == null ? "null" : spec.getClass().getSimpleName()));
        }
        SigningAlgorithm algorithm = switch (normalize(pss.getDigestAlgorithm())) {
            case "SHA-256" -> SigningAlgorithm.RSASSA_PSS_SHA_256;
            case "SHA-384" -> SigningAlgorithm.RSASSA_PSS_SHA_384;
            case "SHA-512" -> SigningAlgorithm.RSASSA_PSS_SHA_512;
            default -> null;
        };
        boolean mgf1 = "MGF1".equalsIgnoreCase(pss.getMGFAlgorithm())
                && pss.getMGFParameters() instanceof MGF1ParameterSpec m
                && algorithm != null && normalize(m.getDigestAlgorithm()).equals(algorithm.digestAlgorithm());
        if (algorithm == null || !mgf1 || pss.getSaltLength() != algorithm.digestLength()
                || pss.getTrailerField() != PSSParameterSpec.TRAILER_FIELD_BC) {
            throw new InvalidAlgorithmParameterException("KMS signs RSASSA-PSS only with SHA-256/384/512, MGF1 of the "
                    + "same digest, a salt of the digest's length and trailer field 1; got " + describe(pss));
        }
        return algorithm;
    }

    /** {@code SHA256}, {@code SHA-256} and {@code sha-256} are one digest. */
    private static String normalize(String digest) {
        String d = digest == null ? "" : digest.toUpperCase(Locale.ROOT);
        return d.startsWith("SHA") && !d.startsWith("SHA-") && !d.startsWith("SHA3") ? "SHA-" + d.substring(3) : d;
    }

    private static String describe(PSSParameterSpec pss) {
        String mgfDigest = pss.getMGFParameters() instanceof MGF1ParameterSpec m ? m.getDigestAlgorithm() : "?";
        return "digest " + pss.getDigestAlgorithm() + ", " + pss.getMGFAlgorithm() + "(" + mgfDigest + "), salt "
                + pss.getSaltLength() + ", trailer " + pss.getTrailerField();
    }
}
