package org.envelopejca.server;

import java.util.Arrays;
import java.util.List;

/** The KMS operations the endpoint serves, by their wire names ({@code X-Amz-Target: TrentService.<name>}). */
enum Operation {
    GenerateDataKey, Encrypt, Decrypt, ReEncrypt, GetPublicKey, Sign, Verify,
    CreateKey, DescribeKey, ListKeys, ListAliases,
    CreateAlias, UpdateAlias, DeleteAlias,
    EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion,
    EnableKeyRotation, DisableKeyRotation, RotateKeyOnDemand, GetKeyRotationStatus,
    PutKeyPolicy, GetKeyPolicy, ListKeyPolicies,
    CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant;

    static final String TARGET_PREFIX = "TrentService.";

    static boolean isKnown(String name) {
        return Arrays.stream(values()).anyMatch(o -> o.name().equals(name));
    }

    static List<String> names() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }

    /** The operation an {@code X-Amz-Target} value names, or null. */
    static Operation fromTarget(String target) {
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            return null;
        }
        String name = target.substring(TARGET_PREFIX.length());
        return isKnown(name) ? valueOf(name) : null;
    }
}
