package org.envelopejca.kms;

/** KMS KeyUsage values this provider supports; fixed when a key is created, as in KMS. */
public enum KeyUsage {
    ENCRYPT_DECRYPT, SIGN_VERIFY
}
