package org.envelopejca.kms.policy;

import java.util.List;

/**
 * One test of a statement's {@code Condition} block: an operator, a key and the policy's values for it. A statement
 * holds when all its tests hold; a test holds when the request's value matches any of the policy's values (for a
 * negated operator: none of them) (IAM User Guide, "Creating a condition with multiple keys or values").
 *
 * @param operator the operator as parsed
 * @param key      the canonical (lower-cased) condition key
 * @param values   the policy's values, at least one
 */
record Condition(ConditionOperator operator, String key, List<String> values) {
    Condition {
        values = List.copyOf(values);
    }

    /**
     * Evaluates against the request's values for the key (empty when the key is absent from the request context).
     * IAM User Guide, "Condition operators" (IfExists: an absent key makes the test true; a key absent from the
     * request makes a non-negated test false) and "Set operators for multivalued context keys" (ForAllValues is true
     * when the key is absent or empty, ForAnyValue is false).
     */
    boolean holds(List<String> request) {
        boolean absent = request.isEmpty();
        if (operator.base() == ConditionOperator.Base.NULL) {
            // Null: "true" holds when the key is absent, "false" when it is present
            for (String v : values) {
                if (Boolean.parseBoolean(v.toLowerCase(java.util.Locale.ROOT)) == absent) {
                    return true;
                }
            }
            return false;
        }
        if (absent && operator.ifExists()) {
            return true;
        }
        return switch (operator.qualifier()) {
            case NONE -> {
                if (absent) {
                    // a negated operator on an absent key holds: no request value equals any policy value
                    yield operator.negated();
                }
                boolean any = false;
                for (String r : request) {
                    any |= matchesAnyPolicyValue(r);
                }
                yield operator.negated() != any;
            }
            case FOR_ANY_VALUE -> {
                for (String r : request) {
                    if (operator.negated() != matchesAnyPolicyValue(r)) {
                        yield true;
                    }
                }
                yield false;
            }
            case FOR_ALL_VALUES -> {
                for (String r : request) {
                    if (operator.negated() == matchesAnyPolicyValue(r)) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    private boolean matchesAnyPolicyValue(String requestValue) {
        for (String p : values) {
            if (operator.baseMatches(p, requestValue)) {
                return true;
            }
        }
        return false;
    }
}
