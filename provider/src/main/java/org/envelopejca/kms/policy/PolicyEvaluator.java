package org.envelopejca.kms.policy;

import java.util.List;

/**
 * Decides a request as KMS does; the rules and their sources are in the package documentation. Pure: no I/O, no
 * state; it never throws for documents {@link PolicyDocument#parse} accepted.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {
    }

    /**
     * @param request          the request
     * @param resourceAccount  the account that owns the key (or, for an operation on no key, the account called)
     * @param keyPolicy        the key's policy, or null for an operation on no key (CreateKey, ListKeys, ...)
     * @param identityPolicies the caller's identity policies (none for an account root)
     * @param grants           the key's grants (any grantee; the evaluator picks the caller's)
     */
    public static Decision evaluate(RequestContext request, String resourceAccount, PolicyDocument keyPolicy,
                                    List<PolicyDocument> identityPolicies, List<GrantPermission> grants) {
        AwsPrincipal caller = request.principal();
        boolean root = caller.isRoot();

        // 1. an explicit deny anywhere wins (IAM User Guide, "Policy evaluation logic": "An explicit deny in any of
        //    the policies overrides the allow")
        Statement keyAllowDirect = null;
        Statement keyAllowAccount = null;
        if (keyPolicy != null) {
            for (Statement s : keyPolicy.statements()) {
                PrincipalSet.Match match = principalMatch(s, caller);
                if (match == PrincipalSet.Match.NONE || !s.covers(request)) {
                    continue;
                }
                if (s.effect() == Effect.DENY) {
                    return new Decision(Decision.Outcome.EXPLICIT_DENY, Decision.Source.KEY_POLICY, s.id());
                }
                if (match == PrincipalSet.Match.DIRECT && keyAllowDirect == null) {
                    keyAllowDirect = s;
                } else if (match == PrincipalSet.Match.ACCOUNT && keyAllowAccount == null) {
                    keyAllowAccount = s;
                }
            }
        }
        Statement identityAllow = null;
        if (!root) {
            for (PolicyDocument p : identityPolicies) {
                for (Statement s : p.statements()) {
                    if (!s.covers(request)) {
                        continue;
                    }
                    if (s.effect() == Effect.DENY) {
                        return new Decision(Decision.Outcome.EXPLICIT_DENY, Decision.Source.IDENTITY_POLICY, s.id());
                    }
                    if (identityAllow == null) {
                        identityAllow = s;
                    }
                }
            }
        }
        boolean identityAllows = root || identityAllow != null;
        boolean sameAccount = caller.account().equals(resourceAccount);

        // 2. an operation on no key: IAM alone (the root of the account has full access to its account)
        if (keyPolicy == null) {
            if (sameAccount && identityAllows) {
                return allow(root, identityAllow);
            }
            return new Decision(Decision.Outcome.IMPLICIT_DENY, Decision.Source.IDENTITY_POLICY, null);
        }

        // 3. the key policy: naming the principal allows by itself within the account; naming the account root
        //    enables identity policies (KMS Developer Guide, "Key policies": "Unless the key policy explicitly
        //    allows it, you cannot use IAM policies to allow access to a KMS key"). Across accounts both the key
        //    policy and the caller's identity policies must allow (KMS Developer Guide, "Allowing users in other
        //    accounts to use a KMS key").
        if (sameAccount) {
            if (keyAllowDirect != null) {
                return new Decision(Decision.Outcome.ALLOW, Decision.Source.KEY_POLICY, keyAllowDirect.id());
            }
            if (keyAllowAccount != null && identityAllow != null) {
                return new Decision(Decision.Outcome.ALLOW, Decision.Source.IDENTITY_POLICY, identityAllow.id());
            }
        } else if ((keyAllowDirect != null || keyAllowAccount != null) && identityAllows) {
            Statement key = keyAllowDirect != null ? keyAllowDirect : keyAllowAccount;
            return new Decision(Decision.Outcome.ALLOW, Decision.Source.KEY_POLICY, key.id());
        }

        // 4. grants (KMS Developer Guide, "Grants in AWS KMS": a grant allows its grantee its operations)
        for (GrantPermission g : grants) {
            if (g.permits(request)) {
                return new Decision(Decision.Outcome.ALLOW, Decision.Source.GRANT, g.grantId());
            }
        }
        boolean delegatedButNoIdentity = keyAllowAccount != null || keyAllowDirect != null;
        return new Decision(Decision.Outcome.IMPLICIT_DENY,
                delegatedButNoIdentity ? Decision.Source.IDENTITY_POLICY : Decision.Source.KEY_POLICY, null);
    }

    private static Decision allow(boolean root, Statement identityAllow) {
        return root ? new Decision(Decision.Outcome.ALLOW, Decision.Source.ROOT, null)
                : new Decision(Decision.Outcome.ALLOW, Decision.Source.IDENTITY_POLICY, identityAllow.id());
    }

    private static PrincipalSet.Match principalMatch(Statement s, AwsPrincipal caller) {
        if (s.notPrincipal()) {
            return s.principals().exempts(caller) ? PrincipalSet.Match.NONE : PrincipalSet.Match.DIRECT;
        }
        return s.principals().match(caller);
    }
}
