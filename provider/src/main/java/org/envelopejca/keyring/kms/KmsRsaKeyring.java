package org.envelopejca.keyring.kms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.envelopejca.keyring.DataKey;
import org.envelopejca.keyring.DecryptionMaterials;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.keyring.EncryptionContextCodec;
import org.envelopejca.keyring.EncryptionMaterials;
import org.envelopejca.keyring.Keyring;
import org.envelopejca.keyring.KeyringException;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.PublicKeyResult;

/**
 * The ESDK AWS KMS RSA keyring, for asymmetric (RSA) KMS keys: encrypts locally with the key's public half and asks
 * KMS to decrypt. Spec: framework/aws-kms/aws-kms-rsa-keyring.md, matched as follows:
 * <ul>
 *   <li>key provider ID {@code aws-kms-rsa}; provider info = the configured key ARN (UTF-8);</li>
 *   <li>the context is bound: the RSA plaintext is SHA-384(serialized encryption context) ‖ data key, and decrypt
 *       compares the digest (constant time) with that of the materials' context;</li>
 *   <li>OAEP with SHA-256 and MGF1-SHA-256 ({@code RSAES_OAEP_SHA_256}, the default) or SHA-1
 *       ({@code RSAES_OAEP_SHA_1}), empty label;</li>
 *   <li>suites with a signature are refused on encrypt, as the ESDK's reference implementation does.</li>
 * </ul>
 * The spec accepts any non-alias identifier; we require a key ARN, since decryptors only accept EDKs whose provider
 * info is a key ARN. The public key is fetched once with GetPublicKey (or given) and kept.
 */
public final class KmsRsaKeyring implements Keyring {
    /** Key provider ID of the AWS KMS RSA keyring. */
    public static final String PROVIDER_ID = "aws-kms-rsa";

    private static final int DIGEST_LENGTH = 48;
    /** Suites with an ECDSA signature (0x0214, 0x0346, 0x0378, 0x0578). */
    private static final Set<Integer> SIGNING_SUITES = Set.of(0x0214, 0x0346, 0x0378, 0x0578);

    private final Kms kms;
    private final String keyArn;
    private final EncryptionAlgorithm algorithm;
    private final SecureRandom random;
    private volatile PublicKey publicKey;

    /**
     * @param keyArn    the RSA KMS key's ARN
     * @param algorithm {@code RSAES_OAEP_SHA_256} or {@code RSAES_OAEP_SHA_1}
     * @param publicKey the key's public half when known (e.g. exported earlier), or null to fetch it on first use
     */
    public KmsRsaKeyring(Kms kms, String keyArn, EncryptionAlgorithm algorithm, PublicKey publicKey, SecureRandom random) {
        this.kms = Objects.requireNonNull(kms, "kms");
        if (KmsArn.parseKeyArn(keyArn).isEmpty()) {
            throw new IllegalArgumentException("the AWS KMS RSA keyring needs a key ARN, not " + keyArn);
        }
        this.keyArn = keyArn;
        if (algorithm != EncryptionAlgorithm.RSAES_OAEP_SHA_256 && algorithm != EncryptionAlgorithm.RSAES_OAEP_SHA_1) {
            throw new IllegalArgumentException("the AWS KMS RSA keyring supports RSAES_OAEP_SHA_256 and RSAES_OAEP_SHA_1");
        }
        this.algorithm = algorithm;
        this.random = Objects.requireNonNull(random, "random");
        if (publicKey != null) {
            checkPublicKey(publicKey);
        }
        this.publicKey = publicKey;
    }

    public KmsRsaKeyring(Kms kms, String keyArn) {
        this(kms, keyArn, EncryptionAlgorithm.RSAES_OAEP_SHA_256, null, new SecureRandom());
    }

    @Override
    public EncryptionMaterials onEncrypt(EncryptionMaterials materials) throws KeyringException {
        if (SIGNING_SUITES.contains(materials.suiteId())) {
            throw new KeyringException("the AWS KMS RSA keyring cannot be used with a signing algorithm suite");
        }
        PublicKey key = publicKey();
        EncryptionMaterials m = materials;
        boolean generated = false;
        if (m.dataKey() == null) {
            byte[] bytes = new byte[m.dataKeyLength()];
            random.nextBytes(bytes);
            m = new EncryptionMaterials(m.suiteId(), m.dataKeyLength(), m.encryptionContext(), new DataKey(bytes),
                    m.encryptedDataKeys());
            generated = true;
        }
        byte[] input = null;
        try {
            // Spec: OnEncrypt: RSA plaintext = encryption context digest ‖ plaintext data key.
            byte[] digest = contextDigest(m);
            byte[] dataKey = m.dataKey().bytes();
            input = Arrays.copyOf(digest, DIGEST_LENGTH + dataKey.length);
            System.arraycopy(dataKey, 0, input, DIGEST_LENGTH, dataKey.length);
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.ENCRYPT_MODE, key, oaep(), random);
            byte[] ciphertext = rsa.doFinal(input);
            return m.withEncryptedDataKey(new EncryptedDataKey(PROVIDER_ID, keyArn.getBytes(StandardCharsets.UTF_8), ciphertext));
        } catch (GeneralSecurityException e) {
            if (generated) {
                m.dataKey().destroy();
            }
            throw new KeyringException("KMS RSA key " + keyArn + " cannot wrap: " + e.getClass().getSimpleName(), e);
        } finally {
            if (input != null) {
                Arrays.fill(input, (byte) 0);
            }
        }
    }

    @Override
    public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) throws KeyringException {
        if (materials.dataKey() != null) {
            return materials;
        }
        DecryptAttempts attempts = new DecryptAttempts(kms);
        byte[] expectedDigest = null;
        for (EncryptedDataKey edk : edks) {
            if (!edk.providerId().equals(PROVIDER_ID)) {
                continue;
            }
            String stored = edk.providerInfoText();
            if (KmsArn.parseKeyArn(stored).isEmpty()) {
                throw new KeyringException("an aws-kms-rsa encrypted data key does not name a valid key ARN");
            }
            if (!KmsArn.mrkMatch(keyArn, stored)) {
                continue;
            }
            if (expectedDigest == null) {
                expectedDigest = digest(materials.encryptionContext());
            }
            // Spec: the Decrypt request carries no encryption context (KMS takes none for asymmetric keys); the
            // context is bound by the digest instead.
            byte[] plaintext = attempts.attempt(edk.ciphertext(), keyArn, Map.of(), algorithm,
                    DIGEST_LENGTH + materials.dataKeyLength());
            if (plaintext == null) {
                continue;
            }
            // Spec: OnDecrypt: the first 48 bytes are the context digest and must equal that of our context.
            boolean contextMatches = MessageDigest.isEqual(Arrays.copyOf(plaintext, DIGEST_LENGTH), expectedDigest);
            byte[] dataKey = Arrays.copyOfRange(plaintext, DIGEST_LENGTH, plaintext.length);
            Arrays.fill(plaintext, (byte) 0);
            if (contextMatches) {
                return materials.withDataKey(new DataKey(dataKey));
            }
            Arrays.fill(dataKey, (byte) 0);
            attempts.fail("the encryption context differs from the one bound to the data key under " + keyArn);
        }
        if (attempts.anyAttempted()) {
            throw attempts.failure("AWS KMS RSA keyring");
        }
        return materials;
    }

    private PublicKey publicKey() throws KeyringException {
        PublicKey key = publicKey;
        if (key != null) {
            return key;
        }
        PublicKeyResult result;
        try {
            result = kms.getPublicKey(keyArn);
        } catch (KmsException e) {
            throw new KmsKeyringException("KMS GetPublicKey failed for " + keyArn, List.of(e));
        }
        if (!result.encryptionAlgorithms().contains(algorithm)) {
            throw new KeyringException("KMS key " + keyArn + " does not support " + algorithm);
        }
        try {
            key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(result.publicKey()));
        } catch (GeneralSecurityException e) {
            throw new KeyringException("KMS key " + keyArn + " has no usable RSA public key", e);
        }
        checkPublicKey(key);
        publicKey = key; // a benign race: concurrent first uses may each fetch the same key
        return key;
    }

    // Spec: initialization: RSA modulus of at least 2048 bits (48 digest bytes + 32 key bytes need room under OAEP).
    private static void checkPublicKey(PublicKey key) {
        if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < 2048) {
            throw new IllegalArgumentException("the AWS KMS RSA keyring needs an RSA public key of at least 2048 bits");
        }
    }

    private OAEPParameterSpec oaep() {
        String hash = algorithm == EncryptionAlgorithm.RSAES_OAEP_SHA_256 ? "SHA-256" : "SHA-1";
        return new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), PSource.PSpecified.DEFAULT);
    }

    private static byte[] contextDigest(EncryptionMaterials m) {
        return digest(m.encryptionContext());
    }

    // Spec: encryption context digest: SHA-384 of the context serialized as in the message header.
    private static byte[] digest(Map<String, String> context) {
        try {
            return MessageDigest.getInstance("SHA-384").digest(EncryptionContextCodec.serialize(context));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-384 is missing", e);
        }
    }

    @Override
    public List<String> keyDescriptions() {
        return List.of(keyArn + " (" + algorithm + ")");
    }

    @Override
    public String toString() {
        return "KmsRsaKeyring[" + keyArn + ", " + algorithm + "]";
    }
}
