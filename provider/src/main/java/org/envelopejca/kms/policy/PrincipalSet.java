package org.envelopejca.kms.policy;

import java.util.List;

/**
 * The {@code Principal} or {@code NotPrincipal} element of a key policy statement: {@code "*"}, or
 * {@code {"AWS": ...}} with {@code "*"}, account IDs, account root ARNs, user, role and role-session ARNs (IAM User
 * Guide, "AWS JSON policy elements: Principal"). {@code Service} principals are accepted and never match a caller of
 * this engine (no AWS service calls it).
 *
 * @param anyone   {@code "*"} or {@code {"AWS":"*"}}
 * @param accounts account IDs named by ID or root ARN
 * @param arns     user, role and session ARNs, exact (IAM does not allow wildcards here)
 */
record PrincipalSet(boolean anyone, List<String> accounts, List<String> arns) {
    /** How a statement's principal element names a caller. */
    enum Match {
        /** Not named. */
        NONE,
        /** Named as the account only: for an allow, the key policy delegates to the account's identity policies. */
        ACCOUNT,
        /** Named by itself ({@code *}, its ARN, or its account when it is that account's root). */
        DIRECT
    }

    PrincipalSet {
        accounts = List.copyOf(accounts);
        arns = List.copyOf(arns);
    }

    Match match(AwsPrincipal caller) {
        if (anyone || arns.contains(caller.arn()) || arns.contains(caller.policyArn())) {
            return Match.DIRECT;
        }
        if (accounts.contains(caller.account())) {
            return caller.isRoot() ? Match.DIRECT : Match.ACCOUNT;
        }
        return Match.NONE;
    }

    /**
     * Whether a {@code NotPrincipal} list exempts the caller. The caller is evaluated as itself and as its account
     * (IAM User Guide, "NotPrincipal": "you must also specify the account ARN of the not-denied principal. Otherwise,
     * the policy might deny access to the entire account"), so it is exempt only when both are listed; the root is
     * exempt when its account is.
     */
    boolean exempts(AwsPrincipal caller) {
        if (anyone) {
            return true;
        }
        boolean accountListed = accounts.contains(caller.account());
        if (caller.isRoot()) {
            return accountListed;
        }
        return accountListed && (arns.contains(caller.arn()) || arns.contains(caller.policyArn()));
    }
}
