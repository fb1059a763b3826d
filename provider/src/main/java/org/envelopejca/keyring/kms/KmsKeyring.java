package org.envelopejca.keyring.kms;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.envelopejca.keyring.DataKey;
import org.envelopejca.keyring.DecryptionMaterials;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.keyring.EncryptionMaterials;
import org.envelopejca.keyring.Keyring;
import org.envelopejca.keyring.KeyringException;
import org.envelopejca.kms.CiphertextResult;
import org.envelopejca.kms.DataKeyResult;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsException;

/**
 * The ESDK AWS KMS keyring in strict mode, multi-Region-key aware, over any {@link Kms} engine: a generator key and
 * any number of further keys. Encrypt: GenerateDataKey under the generator (or Encrypt when the materials already
 * carry a data key), then Encrypt under each further key: one EDK per key. Decrypt: only EDKs of the configured keys
 * (multi-Region replicas match across regions), at most one Decrypt call per EDK.
 *
 * <p>Spec: framework/aws-kms/aws-kms-mrk-keyring.md (OnEncrypt, OnDecrypt), aws-kms-mrk-match-for-decrypt.md,
 * aws-kms-key-arn.md; several keys as in aws-kms-mrk-multi-keyrings.md, folded into one keyring so that the number
 * of Decrypt calls stays bounded by the number of EDKs even when two configured replicas match the same EDK.
 *
 * <p>Any identifier (key ARN, key ID, alias) works for encrypting; decrypting matches EDKs against configured key
 * ARNs only (the EDKs carry ARNs), as in the ESDK.
 */
public final class KmsKeyring implements Keyring {
    /** Key provider ID of the AWS KMS keyrings (spec: aws-kms-keyring.md). */
    public static final String PROVIDER_ID = "aws-kms";
    private static final int MAX_CIPHERTEXT_BLOB = 6144;

    private final Kms kms;
    private final List<String> keyIds;

    /**
     * @param generatorKeyId the key that generates data keys (first EDK)
     * @param otherKeyIds    keys that each add one more EDK; may be empty
     */
    public KmsKeyring(Kms kms, String generatorKeyId, List<String> otherKeyIds) {
        this.kms = Objects.requireNonNull(kms, "kms");
        List<String> all = new ArrayList<>();
        all.add(generatorKeyId);
        all.addAll(otherKeyIds);
        for (String id : all) {
            if (!KmsArn.isValidIdentifier(id)) {
                throw new IllegalArgumentException("not a valid AWS KMS key identifier: " + id);
            }
        }
        this.keyIds = List.copyOf(all);
    }

    public KmsKeyring(Kms kms, String keyId) {
        this(kms, keyId, List.of());
    }

    @Override
    public EncryptionMaterials onEncrypt(EncryptionMaterials materials) throws KeyringException {
        EncryptionMaterials m = materials;
        boolean generated = false;
        try {
            for (String keyId : keyIds) {
                if (m.dataKey() == null) {
                    m = generate(keyId, m);
                    generated = true;
                } else {
                    m = m.withEncryptedDataKey(encrypt(keyId, m));
                }
            }
            return m;
        } catch (KeyringException | RuntimeException e) {
            // The key we generated is ours alone until we return it: nobody else would zero it.
            if (generated) {
                m.dataKey().destroy();
            }
            throw e;
        }
    }

    // Spec: aws-kms-mrk-keyring.md, OnEncrypt: GenerateDataKey with the suite's key length and the materials'
    // context; the plaintext length and the answering key ARN are checked; provider info = the ARN KMS returned.
    private EncryptionMaterials generate(String keyId, EncryptionMaterials m) throws KeyringException {
        DataKeyResult result;
        try {
            result = kms.generateDataKey(keyId, m.dataKeyLength(), m.encryptionContext());
        } catch (KmsException e) {
            throw new KmsKeyringException("KMS GenerateDataKey failed for " + keyId, List.of(e));
        }
        if (result.plaintext() == null || result.plaintext().length != m.dataKeyLength()) {
            if (result.plaintext() != null) {
                result.destroy();
            }
            throw new KeyringException("KMS GenerateDataKey for " + keyId + " returned a data key of the wrong length");
        }
        Optional<String> refused = checkAnsweringKey(keyId, result.keyArn()).or(() -> checkBlob(result.ciphertextBlob()));
        if (refused.isPresent()) {
            result.destroy();
            throw new KeyringException("KMS GenerateDataKey for " + keyId + ": " + refused.get());
        }
        return m.withDataKey(new DataKey(result.plaintext()), edk(result.keyArn(), result.ciphertextBlob()));
    }

    // Spec: aws-kms-mrk-keyring.md, OnEncrypt with a data key: Encrypt under the configured key.
    private EncryptedDataKey encrypt(String keyId, EncryptionMaterials m) throws KeyringException {
        CiphertextResult result;
        try {
            result = kms.encrypt(keyId, m.dataKey().bytes(), m.encryptionContext(), EncryptionAlgorithm.SYMMETRIC_DEFAULT);
        } catch (KmsException e) {
            throw new KmsKeyringException("KMS Encrypt failed for " + keyId, List.of(e));
        }
        Optional<String> refused = checkAnsweringKey(keyId, result.keyArn()).or(() -> checkBlob(result.ciphertextBlob()));
        if (refused.isPresent()) {
            throw new KeyringException("KMS Encrypt for " + keyId + ": " + refused.get());
        }
        return edk(result.keyArn(), result.ciphertextBlob());
    }

    /**
     * The spec asks only for a valid key ARN in the answer. We also refuse an answer naming a key other than the one
     * asked for, when the request named a key (ARN or key ID) rather than an alias: an EDK under another key would be
     * unreadable by whoever holds the configured key.
     */
    static Optional<String> checkAnsweringKey(String requested, String answered) {
        Optional<KmsArn> arn = KmsArn.parseKeyArn(answered);
        if (arn.isEmpty()) {
            return Optional.of("KMS answered with an invalid key ARN");
        }
        if (requested.startsWith("arn:")) {
            Optional<KmsArn> req = KmsArn.parse(requested);
            if (req.isPresent() && req.get().isKey() && !requested.equals(answered)) {
                return Optional.of("KMS answered with another key, " + answered);
            }
        } else if (!requested.startsWith("alias/") && !arn.get().resourceId().equals(requested)) {
            return Optional.of("KMS answered with another key, " + answered);
        }
        return Optional.empty();
    }

    /**
     * A blob KMS could never decrypt (KMS API: CiphertextBlob is 1..6144 bytes) must not go into a message: its data
     * key would be lost.
     */
    static Optional<String> checkBlob(byte[] blob) {
        if (blob == null || blob.length == 0 || blob.length > MAX_CIPHERTEXT_BLOB) {
            return Optional.of("KMS answered with a ciphertext blob of " + (blob == null ? "no" : blob.length)
                    + " bytes, outside 1.." + MAX_CIPHERTEXT_BLOB);
        }
        return Optional.empty();
    }

    static EncryptedDataKey edk(String keyArn, byte[] ciphertextBlob) {
        return new EncryptedDataKey(PROVIDER_ID, keyArn.getBytes(StandardCharsets.UTF_8), ciphertextBlob);
    }

    @Override
    public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) throws KeyringException {
        // Strict: only EDKs of a configured key (MRK-aware: a replica in another region matches), asked of that key.
        return DecryptAttempts.openFirst(kms, materials, edks,
                stored -> keyIds.stream().filter(id -> KmsArn.mrkMatch(id, stored.toString())).findFirst(),
                "AWS KMS keyring");
    }

    @Override
    public List<String> keyDescriptions() {
        return keyIds;
    }

    /** The configured key identifiers, generator first. */
    public List<String> keyIds() {
        return keyIds;
    }

    @Override
    public String toString() {
        return "KmsKeyring" + keyIds;
    }
}
