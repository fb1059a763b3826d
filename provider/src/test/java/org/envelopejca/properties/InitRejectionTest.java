package org.envelopejca.properties;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyPairGenerator;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Example;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.message.CommitmentPolicy;

/**
 * {@code init} refuses what cannot work, before any data: an unusable key with InvalidKeyException, unusable
 * parameters with InvalidAlgorithmParameterException (the JCA convention the provider promises).
 */
class InitRejectionTest {

    private static final SecretKeySpec AES_KEY = new SecretKeySpec(Messages.plaintext(3, 32), "AES");

    @Example
    void aesKeysOfOtherSizesAreRefused() {
        for (int length : new int[] {1, 15, 17, 20, 31, 33, 64}) {
            Key key = new SecretKeySpec(new byte[length], "AES");
            assertInitFails(InvalidKeyException.class, Cipher.ENCRYPT_MODE, key, EnvelopeParameterSpec.defaults());
            assertInitFails(InvalidKeyException.class, Cipher.DECRYPT_MODE, key, EnvelopeParameterSpec.defaults());
        }
    }

    @Example
    void keysOfOtherKindsAreRefused() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        Key ecPublic = ec.generateKeyPair().getPublic();
        assertInitFails(InvalidKeyException.class, Cipher.ENCRYPT_MODE, ecPublic, EnvelopeParameterSpec.defaults());
        assertInitFails(InvalidKeyException.class, Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[32], "HmacSHA256"),
                EnvelopeParameterSpec.defaults());
        // An RSA public key cannot unwrap a data key, a private key is not what encryption needs.
        assertInitFails(InvalidKeyException.class, Cipher.DECRYPT_MODE, RsaKeys.first().getPublic(),
                EnvelopeParameterSpec.defaults());
        assertInitFails(InvalidKeyException.class, Cipher.ENCRYPT_MODE, RsaKeys.first().getPrivate(),
                EnvelopeParameterSpec.defaults());
    }

    @Example
    void suitesTheCommitmentPolicyForbidsAreRefusedForEncryption() {
        for (AlgorithmSuite suite : AlgorithmSuite.values()) {
            for (CommitmentPolicy policy : CommitmentPolicy.values()) {
                if (policy.allowsEncryptWith(suite)) {
                    continue;
                }
                EnvelopeParameterSpec spec = EnvelopeParameterSpec.builder().algorithmSuite(suite).commitmentPolicy(policy)
                        .build();
                assertInitFails(InvalidAlgorithmParameterException.class, Cipher.ENCRYPT_MODE, AES_KEY, spec);
            }
        }
    }

    /** Spec framework/raw-aes-keyring.md: the aws-kms namespace belongs to the KMS keyrings. */
    @Example
    void theKmsNamespaceIsRefusedForARawKey() {
        EnvelopeParameterSpec spec = EnvelopeParameterSpec.builder().keyNamespace("aws-kms").build();
        assertInitFails(InvalidAlgorithmParameterException.class, Cipher.ENCRYPT_MODE, AES_KEY, spec);
    }

    @Example
    void parametersOfAnotherKindAreRefused() {
        assertInitFails(InvalidAlgorithmParameterException.class, Cipher.ENCRYPT_MODE, AES_KEY,
                new GCMParameterSpec(128, new byte[12]));
    }

    private static void assertInitFails(Class<? extends Exception> expected, int mode, Key key,
            AlgorithmParameterSpec spec) {
        Cipher cipher = Messages.newCipher();
        assertThrows(expected, () -> cipher.init(mode, key, spec),
                () -> "init(" + mode + ", " + key.getAlgorithm() + " key of " + key.getClass().getSimpleName() + ", "
                        + spec + ")");
    }
}
