package org.envelopejca.message;

import java.util.Optional;

/**
 * The 11 algorithm suites of the AWS Encryption SDK.
 * Spec: framework/algorithm-suites.md (supported algorithm suites table).
 */
public enum AlgorithmSuite {
    AES_128_GCM_IV12_TAG16_NO_KDF(0x0014, 1, 16, Kdf.NONE, Signature.NONE),
    AES_192_GCM_IV12_TAG16_NO_KDF(0x0046, 1, 24, Kdf.NONE, Signature.NONE),
    AES_256_GCM_IV12_TAG16_NO_KDF(0x0078, 1, 32, Kdf.NONE, Signature.NONE),
    AES_128_GCM_IV12_TAG16_HKDF_SHA256(0x0114, 1, 16, Kdf.HKDF_SHA256, Signature.NONE),
    AES_192_GCM_IV12_TAG16_HKDF_SHA256(0x0146, 1, 24, Kdf.HKDF_SHA256, Signature.NONE),
    AES_256_GCM_IV12_TAG16_HKDF_SHA256(0x0178, 1, 32, Kdf.HKDF_SHA256, Signature.NONE),
    AES_128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256(0x0214, 1, 16, Kdf.HKDF_SHA256, Signature.ECDSA_P256),
    AES_192_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384(0x0346, 1, 24, Kdf.HKDF_SHA384, Signature.ECDSA_P384),
    AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384(0x0378, 1, 32, Kdf.HKDF_SHA384, Signature.ECDSA_P384),
    AES_256_GCM_HKDF_SHA512_COMMIT_KEY(0x0478, 2, 32, Kdf.HKDF_SHA512, Signature.NONE),
    AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384(0x0578, 2, 32, Kdf.HKDF_SHA512, Signature.ECDSA_P384);

    /** Key derivation of the suite; the hash names are JCA Mac names. */
    public enum Kdf {
        NONE(null, 0), HKDF_SHA256("HmacSHA256", 32), HKDF_SHA384("HmacSHA384", 48), HKDF_SHA512("HmacSHA512", 64);

        final String macAlgorithm;
        final int hashLength;

        Kdf(String macAlgorithm, int hashLength) {
            this.macAlgorithm = macAlgorithm;
            this.hashLength = hashLength;
        }
    }

    /** Trailing signature of the suite (data-format/message-footer.md). */
    public enum Signature {
        NONE(null, null, 0), ECDSA_P256("SHA-256", "secp256r1", 71), ECDSA_P384("SHA-384", "secp384r1", 103);

        /** The JDK MessageDigest the signature hashes header and body with. */
        final String digestAlgorithm;
        final String curve;
        /** Length of the fixed-length DER signature the ESDK for Java writes. */
        final int fixedSignatureLength;

        Signature(String digestAlgorithm, String curve, int fixedSignatureLength) {
            this.digestAlgorithm = digestAlgorithm;
            this.curve = curve;
            this.fixedSignatureLength = fixedSignatureLength;
        }
    }

    public static final int IV_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    private final int id;
    private final int messageFormatVersion;
    private final int dataKeyLength;
    private final Kdf kdf;
    private final Signature signature;

    AlgorithmSuite(int id, int messageFormatVersion, int dataKeyLength, Kdf kdf, Signature signature) {
        this.id = id;
        this.messageFormatVersion = messageFormatVersion;
        this.dataKeyLength = dataKeyLength;
        this.kdf = kdf;
        this.signature = signature;
    }

    public int id() { return id; }

    /** 1 or 2: the message format version this suite is written with. */
    public int messageFormatVersion() { return messageFormatVersion; }

    /** Length in bytes of the data key (and of the derived encryption key). */
    public int dataKeyLength() { return dataKeyLength; }

    public Kdf kdf() { return kdf; }

    public Signature signature() { return signature; }

    public boolean isCommitting() { return messageFormatVersion == 2; }

    public boolean isSigning() { return signature != Signature.NONE; }

    /** Whether materials for this suite may be reused across messages (only suites with a KDF; framework/caching-cmm.md). */
    public boolean isCacheSafe() { return kdf != Kdf.NONE; }

    public static Optional<AlgorithmSuite> byId(int id) {
        for (AlgorithmSuite s : values()) {
            if (s.id == id) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return String.format("%s(0x%04X)", name(), id);
    }
}
