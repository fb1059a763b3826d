package org.envelopejca.keyring.kms;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.envelopejca.keyring.DecryptionMaterials;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.keyring.EncryptionMaterials;
import org.envelopejca.keyring.Keyring;
import org.envelopejca.keyring.KeyringException;
import org.envelopejca.kms.Kms;

/**
 * The ESDK AWS KMS discovery keyring: decrypt-only, it asks KMS to decrypt any {@code aws-kms} EDK under the key
 * ARN the EDK names, optionally only for the accounts of a {@link DiscoveryFilter} and only in one region.
 *
 * <p>Spec: framework/aws-kms/aws-kms-discovery-keyring.md; with a region, aws-kms-mrk-discovery-keyring.md: EDKs of
 * single-Region keys must be in that region, and EDKs of multi-Region keys are decrypted by their replica in that
 * region (the ARN with its region replaced). Without a region, every EDK's own ARN is used as it is.
 */
public final class KmsDiscoveryKeyring implements Keyring {
    private final Kms kms;
    private final DiscoveryFilter filter;
    private final String region;

    /**
     * @param filter the accounts whose keys may be used, or null for any account
     * @param region the region of the KMS engine, or null to call KMS with every EDK's own ARN
     */
    public KmsDiscoveryKeyring(Kms kms, DiscoveryFilter filter, String region) {
        this.kms = Objects.requireNonNull(kms, "kms");
        this.filter = filter;
        if (region != null && region.isEmpty()) {
            throw new IllegalArgumentException("region must not be empty");
        }
        this.region = region;
    }

    @Override
    public EncryptionMaterials onEncrypt(EncryptionMaterials materials) throws KeyringException {
        // Spec: discovery keyrings cannot encrypt: they name no key.
        throw new KeyringException("an AWS KMS discovery keyring cannot encrypt");
    }

    @Override
    public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) throws KeyringException {
        return DecryptAttempts.openFirst(kms, materials, edks, this::keyIdFor, "AWS KMS discovery keyring");
    }

    /** The key ID to call Decrypt with, or empty when the filter or the region excludes the EDK's key. */
    private Optional<String> keyIdFor(KmsArn arn) {
        if (filter != null && !filter.accepts(arn)) {
            return Optional.empty();
        }
        if (region == null) {
            return Optional.of(arn.toString());
        }
        if (arn.isMultiRegionKey()) {
            return Optional.of(arn.withRegion(region).toString());
        }
        return arn.region().equals(region) ? Optional.of(arn.toString()) : Optional.empty();
    }

    @Override
    public List<String> keyDescriptions() {
        String accounts = filter == null ? "any account" : filter.partition() + " accounts " + filter.accountIds();
        return List.of("aws-kms discovery (" + accounts + (region == null ? "" : ", region " + region) + ")");
    }

    @Override
    public String toString() {
        return "KmsDiscoveryKeyring" + keyDescriptions();
    }
}
