package org.envelopejca.server;

import org.envelopejca.kms.policy.PolicyDocument;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One access key the endpoint knows: its secret, the principal it stands for, and what it may do.
 *
 * @param accessKeyId     the key ID clients put in their credential scope
 * @param secretAccessKey the signing secret
 * @param principal       the name recorded in the audit log as the caller
 * @param sessionToken    when set, requests must carry it, signed, as {@code X-Amz-Security-Token}; else none may
 * @param operations      KMS operation names this key may call, or {@code *}
 * @param keys            keys it may use: {@code *}, key IDs, key ARNs, alias names, alias ARNs; an entry ending in
 *                        {@code *} matches by prefix (e.g. {@code alias/app-*})
 * @param identityPolicy  the principal's identity policy document (AWS policy language, no Principal element), or
 *                        null: then the two lists above are all there is to its identity policy
 */
public record AccessKey(String accessKeyId, String secretAccessKey, String principal, String sessionToken,
                        Set<String> operations, List<String> keys, PolicyDocument identityPolicy) {
    public AccessKey {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        principal = principal == null || principal.isBlank() ? accessKeyId : principal;
        operations = Set.copyOf(operations);
        keys = List.copyOf(keys);
        if (identityPolicy != null && identityPolicy.kind() != org.envelopejca.kms.policy.PolicyKind.IDENTITY_POLICY) {
            throw new IllegalArgumentException("the identity policy of " + accessKeyId + " is a " + identityPolicy.kind());
        }
    }

    /** An access key whose identity policy is its operations and keys lists only. */
    public AccessKey(String accessKeyId, String secretAccessKey, String principal, String sessionToken,
                     Set<String> operations, List<String> keys) {
        this(accessKeyId, secretAccessKey, principal, sessionToken, operations, keys, null);
    }

    public boolean mayCall(String operation) {
        return operations.contains("*") || operations.contains(operation);
    }

    public boolean allKeys() {
        return keys.contains("*");
    }

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + ", principal=" + principal + ", operations=" + operations + ", keys=" + keys
                + (identityPolicy == null ? "" : ", identityPolicy=" + identityPolicy) + "]";
    }
}
