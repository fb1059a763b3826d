package org.envelopejca.keystore;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.spec.AlgorithmParameterSpec;
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

    /**
     * No parameters: a KMS RSA key is not restricted to PSS with one parameter set. Declared here because from JDK 22
     * on both {@code RSAKey} and {@code AsymmetricKey} (which every {@code PrivateKey} extends) have a default
     * {@code getParams}, and a class inheriting both without its own fails at the call.
     */
    @Override
    public AlgorithmParameterSpec getParams() {
        return null;
    }
}
