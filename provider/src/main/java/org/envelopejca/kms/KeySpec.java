package org.envelopejca.kms;

/** KMS key specs this provider supports (AWS KMS KeySpec values). */
public enum KeySpec {
    SYMMETRIC_DEFAULT, RSA_2048, RSA_3072, RSA_4096;

    public boolean isSymmetric() {
        return this == SYMMETRIC_DEFAULT;
    }
}
