package org.envelopejca.kms.policy;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The KMS action names (KMS Developer Guide, "AWS KMS permissions", the actions and resources table), lower-cased
 * for lookup. A policy naming a {@code kms:} action without a wildcard that is not one of these is refused: a typo
 * there would otherwise be a statement that silently never applies.
 */
final class KmsActions {
    static final Set<String> NAMES = lower(
            "CancelKeyDeletion", "ConnectCustomKeyStore", "CreateAlias", "CreateCustomKeyStore", "CreateGrant",
            "CreateKey", "Decrypt", "DeleteAlias", "DeleteCustomKeyStore", "DeleteImportedKeyMaterial",
            "DeriveSharedSecret", "DescribeCustomKeyStores", "DescribeKey", "DisableKey", "DisableKeyRotation",
            "DisconnectCustomKeyStore", "EnableKey", "EnableKeyRotation", "Encrypt", "GenerateDataKey",
            "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext",
            "GenerateMac", "GenerateRandom", "GetKeyPolicy", "GetKeyRotationStatus", "GetParametersForImport",
            "GetPublicKey", "ImportKeyMaterial", "ListAliases", "ListGrants", "ListKeyPolicies", "ListKeyRotations",
            "ListKeys", "ListResourceTags", "ListRetirableGrants", "PutKeyPolicy", "ReEncryptFrom", "ReEncryptTo",
            "ReplicateKey", "RetireGrant", "RevokeGrant", "RotateKeyOnDemand", "ScheduleKeyDeletion", "Sign",
            "SynchronizeMultiRegionKey", "TagResource", "UntagResource", "UpdateAlias", "UpdateCustomKeyStore",
            "UpdateKeyDescription", "UpdatePrimaryRegion", "Verify", "VerifyMac");

    private KmsActions() {
    }

    static boolean known(String nameWithoutPrefix) {
        return NAMES.contains(nameWithoutPrefix.toLowerCase(Locale.ROOT));
    }

    private static Set<String> lower(String... names) {
        Set<String> s = new TreeSet<>();
        for (String n : names) {
            s.add(n.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(s);
    }
}
