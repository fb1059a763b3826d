package org.envelopejca.keystore;

import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import org.envelopejca.kms.KeySpec;

/** A KMS ECC signing key: {@link ECKey} gives the curve (from GetPublicKey) that TLS and keytool read. */
public final class KmsEcSigningKey extends KmsSigningKey implements ECKey {
    private static final long serialVersionUID = 1L;

    KmsEcSigningKey(String name, String keyArn, KeySpec keySpec, PublicKey publicKey, KeyStoreEngine engine) {
        super(name, keyArn, keySpec, publicKey, engine);
    }

    @Override
    public String getAlgorithm() {
        return "EC";
    }

    @Override
    public ECParameterSpec getParams() {
        return ((ECPublicKey) publicKey()).getParams();
    }
}
