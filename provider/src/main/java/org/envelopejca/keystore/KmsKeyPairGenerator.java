package org.envelopejca.keystore;

import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidParameterException;
import java.security.KeyPair;
import java.security.KeyPairGeneratorSpi;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Locale;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.KmsException;

/**
 * KeyPairGenerator {@code KMS-EC} / {@code KMS-RSA}: creates a KMS signing key (KeyUsage SIGN_VERIFY) in the KMS
 * KeyStore loaded last in this JVM and returns its public key and its {@link KmsSigningKey} handle; the private key
 * never exists outside KMS. This is what {@code keytool -genkeypair -keyalg KMS-EC -groupname secp256r1} uses; the
 * alias is made when keytool stores the entry. Names of their own, not {@code EC}/{@code RSA}: a KeyPairGenerator
 * has no delayed provider selection, so those names would take software key generation away from the JDK wherever
 * Envelope stands before it in the provider list.
 *
 * <p>Sizes: KMS-RSA 2048 (default), 3072, 4096; KMS-EC secp256r1 (default, or 256), secp384r1 (384), secp521r1 (521).
 */
public final class KmsKeyPairGenerator extends KeyPairGeneratorSpi {
    private final boolean ec;
    private KeySpec spec;

    KmsKeyPairGenerator(boolean ec) {
        this.ec = ec;
        this.spec = ec ? KeySpec.ECC_NIST_P256 : KeySpec.RSA_2048;
    }

    /** The generator of {@code KMS-EC} ({@code ec}) or {@code KMS-RSA} key pairs. */
    public static KmsKeyPairGenerator of(boolean ec) {
        return new KmsKeyPairGenerator(ec);
    }

    @Override
    public void initialize(int keysize, SecureRandom random) {
        KeySpec chosen = ec ? switch (keysize) {
            case 256 -> KeySpec.ECC_NIST_P256;
            case 384 -> KeySpec.ECC_NIST_P384;
            case 521 -> KeySpec.ECC_NIST_P521;
            default -> null;
        } : switch (keysize) {
            case 2048 -> KeySpec.RSA_2048;
            case 3072 -> KeySpec.RSA_3072;
            case 4096 -> KeySpec.RSA_4096;
            default -> null;
        };
        if (chosen == null) {
            throw new InvalidParameterException("KMS " + (ec ? "EC keys are 256, 384 or 521 bits" : "RSA keys are "
                    + "2048, 3072 or 4096 bits") + "; got " + keysize);
        }
        spec = chosen;
    }

    @Override
    public void initialize(AlgorithmParameterSpec params, SecureRandom random) throws InvalidAlgorithmParameterException {
        if (ec && (params instanceof ECGenParameterSpec || params instanceof NamedParameterSpec)) {
            String name = (params instanceof ECGenParameterSpec g ? g.getName() : ((NamedParameterSpec) params).getName())
                    .toLowerCase(Locale.ROOT);
            spec = switch (name) {
                case "secp256r1", "p-256", "nist p-256", "prime256v1" -> KeySpec.ECC_NIST_P256;
                case "secp384r1", "p-384", "nist p-384" -> KeySpec.ECC_NIST_P384;
                case "secp521r1", "p-521", "nist p-521" -> KeySpec.ECC_NIST_P521;
                default -> throw new InvalidAlgorithmParameterException("KMS EC keys are on secp256r1, secp384r1 or "
                        + "secp521r1; got " + name);
            };
            return;
        }
        if (!ec && params instanceof RSAKeyGenParameterSpec r) {
            if (!r.getPublicExponent().equals(RSAKeyGenParameterSpec.F4)) {
                throw new InvalidAlgorithmParameterException("KMS RSA keys have the public exponent 65537");
            }
            try {
                initialize(r.getKeysize(), random);
            } catch (InvalidParameterException e) {
                throw new InvalidAlgorithmParameterException(e.getMessage());
            }
            return;
        }
        throw new InvalidAlgorithmParameterException("unsupported parameters for a KMS " + (ec ? "EC" : "RSA")
                + " key: " + (params == null ? "null" : params.getClass().getSimpleName()));
    }

    /** CreateKey (SIGN_VERIFY) and GetPublicKey in the engine of the KMS KeyStore loaded last. */
    @Override
    public KeyPair generateKeyPair() {
        KeyStoreEngine engine = LoadedEngines.latest();
        try {
            KeyMetadata m = engine.kms().createKey(CreateKeyRequest.signing(spec, "created by KeyPairGenerator"));
            KmsSigningKey key = KmsSigningKey.of(m.arn(), engine.kms().getPublicKey(m.arn()), engine);
            return new KeyPair(key.publicKey(), key);
        } catch (KmsException e) {
            throw new ProviderException("KMS could not create a " + spec + " signing key: " + e.getMessage(), e);
        }
    }
}
