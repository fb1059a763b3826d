package org.envelopejca.kms;

/** KMS EncryptionAlgorithmSpec values. */
public enum EncryptionAlgorithm {
    SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256
}
