package org.envelopejca.kms;

import java.util.List;

/**
 * GetPublicKey's answer.
 *
 * @param keyArn               the key ARN
 * @param publicKey            DER SubjectPublicKeyInfo (X.509 encoding)
 * @param keySpec              the RSA or ECC key spec
 * @param encryptionAlgorithms the algorithms the key encrypts with (empty for a signing key)
 * @param keyUsage             ENCRYPT_DECRYPT or SIGN_VERIFY
 * @param signingAlgorithms    the algorithms the key signs with (empty for an encryption key)
 */
public record PublicKeyResult(String keyArn, byte[] publicKey, KeySpec keySpec, List<EncryptionAlgorithm> encryptionAlgorithms,
                              KeyUsage keyUsage, List<SigningAlgorithm> signingAlgorithms) {
    public PublicKeyResult {
        encryptionAlgorithms = List.copyOf(encryptionAlgorithms);
        signingAlgorithms = List.copyOf(signingAlgorithms);
    }

    /** An encryption key's public key. */
    public PublicKeyResult(String keyArn, byte[] publicKey, KeySpec keySpec, List<EncryptionAlgorithm> encryptionAlgorithms) {
        this(keyArn, publicKey, keySpec, encryptionAlgorithms, KeyUsage.ENCRYPT_DECRYPT, List.of());
    }
}
