package org.envelopejca.vectors;

import org.envelopejca.keyring.RsaPadding;

/**
 * A master-key description of a decrypt manifest (test vector framework, features/0005-awses-master-key.md; in
 * manifest v5 the "raw" keyring descriptions carry the same fields).
 *
 * @param type                raw, aws-kms, ...
 * @param key                 name of the entry in the keys manifest
 * @param providerId          key namespace (raw keys)
 * @param encryptionAlgorithm aes or rsa (raw keys)
 * @param paddingAlgorithm    pkcs1 or oaep-mgf1 (raw RSA keys)
 * @param paddingHash         sha1, sha256, sha384, sha512 (raw RSA keys with OAEP)
 */
public record MasterKeySpec(String type, String key, String providerId, String encryptionAlgorithm,
                            String paddingAlgorithm, String paddingHash) {

    public boolean isRaw() {
        return "raw".equals(type);
    }

    /** The RSA padding this description names; PKCS1 ignores the hash (pkcs1 entries may still carry one). */
    public RsaPadding rsaPadding() {
        if ("pkcs1".equals(paddingAlgorithm)) {
            return RsaPadding.PKCS1;
        }
        if (!"oaep-mgf1".equals(paddingAlgorithm)) {
            throw new IllegalArgumentException("unknown RSA padding algorithm: " + paddingAlgorithm);
        }
        return switch (paddingHash) {
            case "sha1" -> RsaPadding.OAEP_SHA1_MGF1;
            case "sha256" -> RsaPadding.OAEP_SHA256_MGF1;
            case "sha384" -> RsaPadding.OAEP_SHA384_MGF1;
            case "sha512" -> RsaPadding.OAEP_SHA512_MGF1;
            default -> throw new IllegalArgumentException("unknown OAEP hash: " + paddingHash);
        };
    }

    /** The manifest's spelling of an RSA padding, for the manifests we write. */
    public static String[] manifestNames(RsaPadding padding) {
        return switch (padding) {
            case PKCS1 -> new String[] {"pkcs1", null};
            case OAEP_SHA1_MGF1 -> new String[] {"oaep-mgf1", "sha1"};
            case OAEP_SHA256_MGF1 -> new String[] {"oaep-mgf1", "sha256"};
            case OAEP_SHA384_MGF1 -> new String[] {"oaep-mgf1", "sha384"};
            case OAEP_SHA512_MGF1 -> new String[] {"oaep-mgf1", "sha512"};
        };
    }
}
