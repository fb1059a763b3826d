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
        if (context == null) {
            return false; // two keys equal but for case: which one a constraint meant is not decidable, so no
        }
        if (contextEquals != null) {
            Map<String, String> want = lowerKeys(contextEquals);
            if (want == null || !want.equals(context)) {
                return false;
            }
        }
        if (contextSubset != null) {
            Map<String, String> subset = lowerKeys(contextSubset);
            if (subset == null) {
                return false;
            }
            for (Map.Entry<String, String> e : subset.entrySet()) {
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
            Map<String, String> child = childEquals == null ? null : lowerKeys(childEquals);
            return child != null && child.equals(lowerKeys(contextEquals));
        }
        Map<String, String> child = lowerKeys(childEquals != null ? childEquals : childSubset);
        Map<String, String> parent = lowerKeys(contextSubset);
        return child != null && parent != null && child.entrySet().containsAll(parent.entrySet());
    }

    /** Whether two keys of {@code m} are equal but for case (such a constraint is refused at CreateGrant). */
    public static boolean hasKeysEqualButForCase(Map<String, String> m) {
        return m != null && lowerKeys(m) == null;
    }

    /** The map with lower-case keys; null when two keys are equal but for case (fails closed), or for null. */
    private static Map<String, String> lowerKeys(Map<String, String> m) {
        if (m == null) {
            return null;
        }
        Map<String, String> out = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (out.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()) != null) {
                return null;
            }
        }
        return out;
    }
}
