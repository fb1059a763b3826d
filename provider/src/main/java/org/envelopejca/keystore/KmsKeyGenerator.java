package org.envelopejca.keystore;

import java.security.InvalidAlgorithmParameterException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.KeyGeneratorSpi;
import javax.crypto.SecretKey;
import org.envelopejca.kms.KeySpec;

/**
 * KeyGenerator "KMS": describes a KMS key (CMK) to create. KeyGenerator has no notion of where keys live, so the
 * handle it returns is <em>pending</em>: the key is created in a KMS KeyStore's engine when the handle is stored
 * there with {@code KeyStore.setKeyEntry(alias, key, null, null)}, which also creates the alias (keytool's
 * {@code -genseckey} does exactly that). {@code init(int)} takes 256 for a symmetric key or the RSA size
 * (2048/3072/4096); {@code init(KmsKeyGenParameterSpec)} says everything.
 */
public final class KmsKeyGenerator extends KeyGeneratorSpi {
    private KmsKeyGenParameterSpec spec = KmsKeyGenParameterSpec.defaults();

    @Override
    protected void engineInit(SecureRandom random) {
        spec = KmsKeyGenParameterSpec.defaults();
    }

    @Override
    protected void engineInit(AlgorithmParameterSpec params, SecureRandom random) throws InvalidAlgorithmParameterException {
        if (!(params instanceof KmsKeyGenParameterSpec s)) {
            throw new InvalidAlgorithmParameterException("expected a KmsKeyGenParameterSpec");
        }
        spec = s;
    }

    @Override
    protected void engineInit(int keysize, SecureRandom random) {
        KeySpec keySpec = switch (keysize) {
            case 256 -> KeySpec.SYMMETRIC_DEFAULT;
            case 2048 -> KeySpec.RSA_2048;
            case 3072 -> KeySpec.RSA_3072;
            case 4096 -> KeySpec.RSA_4096;
            default -> throw new java.security.InvalidParameterException("key size must be 256 (symmetric) or 2048/3072/4096 (RSA)");
        };
        spec = new KmsKeyGenParameterSpec(keySpec, "", keySpec.isSymmetric() ? 365 : 0, false);
    }

    @Override
    protected SecretKey engineGenerateKey() {
        return KmsKey.pending(spec);
    }
}
