package org.envelopejca.message;

/**
 * Which suites may be written and read. Spec: framework/commitment-policy.md.
 */
public enum CommitmentPolicy {
    /** Writes only non-committing (v1) suites, reads all. */
    FORBID_ENCRYPT_ALLOW_DECRYPT(false, false),
    /** Writes only committing suites, reads all. */
    REQUIRE_ENCRYPT_ALLOW_DECRYPT(true, false),
    /** Writes and reads only committing suites (the default). */
    REQUIRE_ENCRYPT_REQUIRE_DECRYPT(true, true);

    private final boolean requireEncrypt;
    private final boolean requireDecrypt;

    CommitmentPolicy(boolean requireEncrypt, boolean requireDecrypt) {
        this.requireEncrypt = requireEncrypt;
        this.requireDecrypt = requireDecrypt;
    }

    public boolean allowsEncryptWith(AlgorithmSuite suite) {
        return suite.isCommitting() == requireEncrypt;
    }

    public boolean allowsDecryptOf(AlgorithmSuite suite) {
        return suite.isCommitting() || !requireDecrypt;
    }

    /**
     * The suite written when none is requested: 0x0478 wherever commitment is required (the ESDK would pick the
     * signing 0x0578; a signature only helps when readers must not be able to forge messages, and costs an ECDSA
     * key pair per message), 0x0378 as in the ESDK when commitment is forbidden.
     */
    public AlgorithmSuite defaultSuite() {
        return requireEncrypt ? AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY
                : AlgorithmSuite.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384;
    }
}
