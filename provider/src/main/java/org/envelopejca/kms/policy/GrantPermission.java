package org.envelopejca.kms.policy;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a grant allows, as the evaluator needs it (KMS Developer Guide, "Grants in AWS KMS"; KMS API Reference,
 * GrantConstraints).
 *
 * @param grantId        the grant's ID (named in the decision)
 * @param grantee        the grantee principal's ARN
 * @param operations     the granted operations, by API name ({@code Decrypt}, {@code GenerateDataKey}, ...)
 * @param contextEquals  EncryptionContextEquals, or null
 * @param contextSubset  EncryptionContextSubset, or null
 */
public record GrantPermission(String grantId, String grantee, Set<String> operations,
                              Map<String, String> contextEquals, Map<String, String> contextSubset) {
    /** The operations a constraint applies to: those that take an encryption context (GrantConstraints). */
    static final Set<String> CONTEXT_OPERATIONS = Set.of("Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo",
            "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair",
            "GenerateDataKeyPairWithoutPlaintext");

    public GrantPermission {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(grantee, "grantee");
        operations = Set.copyOf(operations);
        contextEquals = contextEquals == null ? null : Map.copyOf(contextEquals);
        contextSubset = contextSubset == null ? null : Map.copyOf(contextSubset);
    }

    boolean permits(RequestContext request) {
        if (!request.action().regionMatches(true, 0, "kms:", 0, 4)) {
            return false;
        }
        String operation = request.action().substring(4);
        if (!operations.contains(operation)) {
            return false;
        }
        AwsPrincipal caller = request.principal();
        if (!grantee.equals(caller.arn()) && !grantee.equals(caller.policyArn())) {
            return false;
        }
        if (!CONTEXT_OPERATIONS.contains(operation)) {
            return true;
        }
        // in a grant constraint the key of each pair is not case sensitive, the value is (GrantConstraints)
        Map<String, String> context = lowerKeys(request.encryptionContext());
        if (contextEquals != null) {
            Map<String, String> want = lowerKeys(contextEquals);
            if (!want.equals(context)) {
                return false;
            }
        }
        if (contextSubset != null) {
            for (Map.Entry<String, String> e : lowerKeys(contextSubset).entrySet()) {
                if (!e.getValue().equals(context.get(e.getKey()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether a grant created with this grant's CreateGrant permission may carry these constraints: KMS API
     * Reference, CreateGrant, Constraints: "If a grant with a grant constraint includes the CreateGrant operation,
     * the constraint requires that any grants created with the CreateGrant permission have an equally strict or
     * stricter encryption context constraint". Read as: every encryption context the new grant admits, this grant
     * admits too (keys compared without case, values with, as grant constraints compare them). So under
     * EncryptionContextEquals E only Equals E; under EncryptionContextSubset S, a Subset or an Equals holding every
     * pair of S; under no constraint, anything.
     */
    public boolean admitsChildConstraints(Map<String, String> childEquals, Map<String, String> childSubset) {
        if (contextEquals == null && contextSubset == null) {
            return true;
        }
        if (contextEquals != null) {
            return childEquals != null && lowerKeys(childEquals).equals(lowerKeys(contextEquals));
        }
        Map<String, String> child = childEquals != null ? childEquals : childSubset;
        return child != null && lowerKeys(child).entrySet().containsAll(lowerKeys(contextSubset).entrySet());
    }

    private static Map<String, String> lowerKeys(Map<String, String> m) {
        Map<String, String> out = new java.util.HashMap<>();
        m.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }
}
