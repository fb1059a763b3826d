package org.envelopejca.kms;

import java.util.List;

/** KMS key specs this provider supports (AWS KMS KeySpec values). */
public enum KeySpec {
    SYMMETRIC_DEFAULT(0, null, 0),
    RSA_2048(2048, null, 0),
    RSA_3072(3072, null, 0),
    RSA_4096(4096, null, 0),
    ECC_NIST_P256(0, "secp256r1", 32),
    ECC_NIST_P384(0, "secp384r1", 48),
    ECC_NIST_P521(0, "secp521r1", 64);

    private final int rsaBits;
    private final String curve;
    private final int ecdsaDigestLength;

    KeySpec(int rsaBits, String curve, int ecdsaDigestLength) {
        this.rsaBits = rsaBits;
        this.curve = curve;
        this.ecdsaDigestLength = ecdsaDigestLength;
    }

    public boolean isSymmetric() {
        return this == SYMMETRIC_DEFAULT;
    }

    public boolean isRsa() {
        return rsaBits != 0;
    }

    public boolean isEcc() {
        return curve != null;
    }

    /** RSA modulus bits; 0 for other keys. */
    public int rsaBits() {
        return rsaBits;
    }

    /** The JCA (SEC 2) curve name of an ECC key; null for other keys. */
    public String curveName() {
        return curve;
    }

    /** The digest length of the one ECDSA algorithm KMS allows for this curve; 0 for other keys. */
    int ecdsaDigestLength() {
        return ecdsaDigestLength;
    }

    /** The key usages KMS allows for this spec: symmetric encrypts, ECC signs, RSA does either. */
    public List<KeyUsage> usages() {
        if (isSymmetric()) {
            return List.of(KeyUsage.ENCRYPT_DECRYPT);
        }
        return isEcc() ? List.of(KeyUsage.SIGN_VERIFY) : List.of(KeyUsage.ENCRYPT_DECRYPT, KeyUsage.SIGN_VERIFY);
    }
}
