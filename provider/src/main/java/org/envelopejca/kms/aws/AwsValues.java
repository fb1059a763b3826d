package org.envelopejca.kms.aws;

import java.util.ArrayList;
import java.util.List;
import org.envelopejca.kms.AliasEntry;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.KeyState;
import org.envelopejca.kms.KeyUsage;
import org.envelopejca.kms.SigningAlgorithm;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyListEntry;

/** The SDK's model values as the provider's own, and back. */
final class AwsValues {
    private AwsValues() {
    }

    @SuppressWarnings("deprecation") // CustomerMasterKeySpec: the only spec some KMS-compatible servers send
    static KeyMetadata metadata(software.amazon.awssdk.services.kms.model.KeyMetadata m) {
        return new KeyMetadata(m.keyId(), m.arn(), m.creationDate(), m.description() == null ? "" : m.description(),
                keySpec(m.keySpecAsString(), m.customerMasterKeySpecAsString()), keyState(m.keyStateAsString()), m.deletionDate(),
                algorithms(m.encryptionAlgorithmsAsStrings()), Boolean.TRUE.equals(m.multiRegion()),
                keyUsage(m.keyUsageAsString()), signingAlgorithms(m.signingAlgorithmsAsStrings()));
    }

    /** The usage; null for one this provider does not use (GENERATE_VERIFY_MAC, KEY_AGREEMENT). */
    static KeyUsage keyUsage(String name) {
        for (KeyUsage u : KeyUsage.values()) {
            if (u.name().equals(name)) {
                return u;
            }
        }
        return null;
    }

    /** The signing algorithms this provider knows, in KMS's order; others (SM2DSA, ML-DSA) are left out. */
    static List<SigningAlgorithm> signingAlgorithms(List<String> names) {
        List<SigningAlgorithm> out = new ArrayList<>();
        if (names != null) {
            for (String n : names) {
                SigningAlgorithm a = SigningAlgorithm.fromName(n);
                if (a != null) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** ListKeys names keys only: the rest of the metadata is unknown (null) until DescribeKey. */
    static KeyMetadata listed(KeyListEntry e) {
        return new KeyMetadata(e.keyId(), e.keyArn(), null, null, null, null, null, List.of(), isMultiRegionId(e.keyId()));
    }

    static AliasEntry alias(AliasListEntry a) {
        return new AliasEntry(a.aliasName(), a.aliasArn(), a.targetKeyId(), a.creationDate());
    }

    /**
     * The key spec from {@code KeySpec}, else from the deprecated {@code CustomerMasterKeySpec} that older answers
     * carry alone; null for specs this provider does not use (ECC, HMAC, SM2, ...).
     */
    static KeySpec keySpec(String keySpec, String customerMasterKeySpec) {
        String name = keySpec != null ? keySpec : customerMasterKeySpec;
        if (name == null) {
            return null;
        }
        for (KeySpec s : KeySpec.values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /**
     * The states this provider names; a replica awaiting deletion counts as pending deletion, and every other state
     * (Creating, Updating, PendingImport, Unavailable) as disabled: the key cannot be used now.
     */
    static KeyState keyState(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "Enabled" -> KeyState.ENABLED;
            case "PendingDeletion", "PendingReplicaDeletion" -> KeyState.PENDING_DELETION;
            default -> KeyState.DISABLED;
        };
    }

    /** The algorithms this provider uses, in KMS's order; others (SM2PKE) are left out. */
    static List<EncryptionAlgorithm> algorithms(List<String> names) {
        List<EncryptionAlgorithm> out = new ArrayList<>();
        if (names != null) {
            for (String n : names) {
                for (EncryptionAlgorithm a : EncryptionAlgorithm.values()) {
                    if (a.name().equals(n)) {
                        out.add(a);
                    }
                }
            }
        }
        return out;
    }

    static EncryptionAlgorithmSpec spec(EncryptionAlgorithm algorithm) {
        return algorithm == null ? null : EncryptionAlgorithmSpec.fromValue(algorithm.name());
    }

    static EncryptionAlgorithm algorithm(String name) {
        if (name == null) {
            return EncryptionAlgorithm.SYMMETRIC_DEFAULT;
        }
        List<EncryptionAlgorithm> one = algorithms(List.of(name));
        return one.isEmpty() ? null : one.get(0);
    }

    private static boolean isMultiRegionId(String keyId) {
        return keyId != null && keyId.startsWith("mrk-");
    }
}
