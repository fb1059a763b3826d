package org.envelopejca.keystore;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import org.envelopejca.kms.KeySpec;

/** A KMS RSA signing key: {@link RSAKey} gives the modulus (from GetPublicKey) that key-size checks read. */
public final class KmsRsaSigningKey extends KmsSigningKey implements RSAKey {
    private static final long serialVersionUID = 1L;

    KmsRsaSigningKey(String name, String keyArn, KeySpec keySpec, PublicKey publicKey, KeyStoreEngine engine) {
        super(name, keyArn, keySpec, publicKey, engine);
    }

    @Override
    public String getAlgorithm() {
        return "RSA";
    }

    @Override
    public BigInteger getModulus() {
        return ((RSAPublicKey) publicKey()).getModulus();
    }
}
