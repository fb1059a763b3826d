package org.envelopejca.kms;

import java.util.List;

/**
 * GetPublicKey's answer.
 *
 * @param keyArn               the key ARN
 * @param publicKey            DER SubjectPublicKeyInfo (X.509 encoding)
 * @param keySpec              the RSA key spec
 * @param encryptionAlgorithms the algorithms the key supports
 */
public record PublicKeyResult(String keyArn, byte[] publicKey, KeySpec keySpec, List<EncryptionAlgorithm> encryptionAlgorithms) {
    public PublicKeyResult {
        encryptionAlgorithms = List.copyOf(encryptionAlgorithms);
    }
}
