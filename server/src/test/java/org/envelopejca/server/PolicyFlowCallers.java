package org.envelopejca.server;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The three callers of the policy and grant flows that clients nobody here wrote drive against the endpoint (the AWS
 * CLI, boto3): an administrator under an old-style name, a role and a user. Every list allows all, so that the key
 * policies and grants under test decide.
 */
final class PolicyFlowCallers {
    static final String ADMIN_ID = "EKIAADMIN00000000001";
    static final String ADMIN_SECRET = "admin-secret-0123456789abcdefghij";
    static final String APP_ID = "EKIAAPPROLE000000002";
    static final String APP_SECRET = "app-secret-0123456789abcdefghijkl";
    static final String BOB_ID = "EKIABOB0000000000003";
    static final String BOB_SECRET = "bob-secret-0123456789abcdefghijkl";
    static final String ADMIN = "arn:aws:iam::111122223333:user/admin";
    static final String APP = "arn:aws:iam::111122223333:role/app";
    static final String BOB = "arn:aws:iam::111122223333:user/bob";

    private PolicyFlowCallers() {
    }

    /** The credentials of the three callers (the administrator by its old-style name, which maps to {@link #ADMIN}). */
    static Map<String, AccessKey> accessKeys() {
        return Map.of(
                ADMIN_ID, new AccessKey(ADMIN_ID, ADMIN_SECRET, "admin", null, Set.of("*"), List.of("*")),
                APP_ID, new AccessKey(APP_ID, APP_SECRET, APP, null, Set.of("*"), List.of("*")),
                BOB_ID, new AccessKey(BOB_ID, BOB_SECRET, BOB, null, Set.of("*"), List.of("*")));
    }
}
