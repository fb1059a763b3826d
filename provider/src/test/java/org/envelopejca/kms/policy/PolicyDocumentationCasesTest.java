package org.envelopejca.kms.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The evaluation rules, case by case. Every expected answer was written from the page cited in the case (read, not
 * obtained by running this code); policies are the pages' examples with the account, key and principal names of
 * this test.
 */
class PolicyDocumentationCasesTest {
    static final String ACCOUNT = "111122223333";
    static final String OTHER = "444455556666";
    static final String KEY = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final AwsPrincipal ROOT = AwsPrincipal.of("arn:aws:iam::" + ACCOUNT + ":root");
    static final AwsPrincipal ALICE = AwsPrincipal.of("arn:aws:iam::" + ACCOUNT + ":user/Alice");
    static final AwsPrincipal BOB = AwsPrincipal.of("arn:aws:iam::" + ACCOUNT + ":user/Bob");
    static final AwsPrincipal ROLE_SESSION =
            AwsPrincipal.of("arn:aws:sts::" + ACCOUNT + ":assumed-role/ExampleRole/session-1");
    static final AwsPrincipal EXTERNAL = AwsPrincipal.of("arn:aws:iam::" + OTHER + ":user/Carol");
    static final AwsPrincipal EXTERNAL_ROOT = AwsPrincipal.of("arn:aws:iam::" + OTHER + ":root");

    // pages
    static final String KMS_DEFAULT = "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html";
    static final String KMS_KEY_POLICIES = "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html";
    static final String KMS_CONDITIONS = "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html";
    static final String KMS_CROSS_ACCOUNT =
            "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html";
    static final String KMS_GRANT_CONSTRAINTS =
            "https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html";
    static final String IAM_EVALUATION =
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html";
    static final String IAM_DENY_ALLOW =
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html";
    static final String IAM_NOT_PRINCIPAL =
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html";
    static final String IAM_OPERATORS =
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";
    static final String IAM_MULTIVALUED =
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html";

    static final String DEFAULT_POLICY = """
            {"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions",
             "Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}""";

    static final String ALICE_DECRYPT_ONLY = """
            {"Version":"2012-10-17","Statement":[{"Sid":"AllowAliceDecrypt","Effect":"Allow",
             "Principal":{"AWS":"arn:aws:iam::111122223333:user/Alice"},"Action":"kms:Decrypt","Resource":"*"}]}""";

    static final String IAM_ALLOW_DECRYPT = """
            {"Version":"2012-10-17","Statement":[{"Sid":"IamDecrypt","Effect":"Allow","Action":"kms:Decrypt",
             "Resource":"arn:aws:kms:us-east-1:111122223333:key/*"}]}""";

    static final String IAM_DENY_DECRYPT = """
            {"Version":"2012-10-17","Statement":[{"Sid":"IamDenyDecrypt","Effect":"Deny","Action":"kms:Decrypt",
             "Resource":"*"}]}""";

    record Case(String name, String page, String keyPolicy, List<String> identityPolicies, List<GrantPermission> grants,
                AwsPrincipal caller, String action, UnaryOperator<RequestContext.Builder> request,
                Decision.Outcome outcome, String decidedBy) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case c(String name, String page, String keyPolicy, List<String> identity, AwsPrincipal caller,
                  String action, Decision.Outcome outcome, String decidedBy) {
        return new Case(name, page, keyPolicy, identity, List.of(), caller, action, b -> b, outcome, decidedBy);
    }

    static Case c(String name, String page, String keyPolicy, List<String> identity, List<GrantPermission> grants,
                  AwsPrincipal caller, String action, UnaryOperator<RequestContext.Builder> request,
                  Decision.Outcome outcome, String decidedBy) {
        return new Case(name, page, keyPolicy, identity, grants, caller, action, request, outcome, decidedBy);
    }

    static final Decision.Outcome ALLOW = Decision.Outcome.ALLOW;
    static final Decision.Outcome DENY = Decision.Outcome.EXPLICIT_DENY;
    static final Decision.Outcome NONE = Decision.Outcome.IMPLICIT_DENY;

    static String keyPolicyWithCondition(String principal, String action, String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Conditional\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"" + principal + "\"},\"Action\":\"" + action + "\",\"Resource\":\"*\","
                + "\"Condition\":" + condition + "}]}";
    }

    static UnaryOperator<RequestContext.Builder> context(Map<String, String> ec) {
        return b -> b.encryptionContext(ec);
    }

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        // KMS "Default key policy": the statement naming the account "gives the AWS account that owns the KMS key
        // permission to use IAM policies to allow access to all AWS KMS operations on the KMS key".
        all.add(c("default policy: root may use the key", KMS_DEFAULT, DEFAULT_POLICY, List.of(), ROOT,
                "kms:Decrypt", ALLOW, "Enable IAM User Permissions"));
        all.add(c("default policy: a user without IAM policy may not", KMS_DEFAULT, DEFAULT_POLICY, List.of(), ALICE,
                "kms:Decrypt", NONE, null));
        all.add(c("default policy: IAM policy allowing Decrypt allows Decrypt", KMS_DEFAULT, DEFAULT_POLICY,
                List.of(IAM_ALLOW_DECRYPT), ALICE, "kms:Decrypt", ALLOW, "IamDecrypt"));
        all.add(c("default policy: IAM policy allowing Decrypt does not allow Encrypt", KMS_DEFAULT, DEFAULT_POLICY,
                List.of(IAM_ALLOW_DECRYPT), ALICE, "kms:Encrypt", NONE, null));
        // KMS "Key policies": "No AWS principal, including the account root user ..., has any permissions to a KMS
        // key unless they are explicitly allowed, and never denied, in a key policy, IAM policy, or grant."
        all.add(c("key policy naming only Alice: the root is not allowed", KMS_KEY_POLICIES, ALICE_DECRYPT_ONLY,
                List.of(), ROOT, "kms:Decrypt", NONE, null));
        // ... "Unless the key policy explicitly allows it, you cannot use IAM policies to allow access to a KMS key."
        all.add(c("IAM policy without a key policy enabling it allows nothing", KMS_KEY_POLICIES, ALICE_DECRYPT_ONLY,
                List.of(IAM_ALLOW_DECRYPT), BOB, "kms:Decrypt", NONE, null));
        all.add(c("key policy naming the principal allows by itself", KMS_KEY_POLICIES, ALICE_DECRYPT_ONLY,
                List.of(), ALICE, "kms:Decrypt", ALLOW, "AllowAliceDecrypt"));
        // ... "(You can use an IAM policy to deny a permission to a KMS key without permission from a key policy.)"
        all.add(c("IAM Deny overrides a key policy Allow", KMS_KEY_POLICIES, ALICE_DECRYPT_ONLY,
                List.of(IAM_DENY_DECRYPT), ALICE, "kms:Decrypt", DENY, "IamDenyDecrypt"));
        // IAM "Policy evaluation for requests within a single account": "If either the identity-based policy or
        // the resource-based policy within the same account allows the request and the other doesn't, the request
        // is still allowed." / "An explicit deny in any of the policies overrides the allow."
        all.add(c("resource policy allows, identity policy silent: allowed", IAM_EVALUATION, ALICE_DECRYPT_ONLY,
                List.of("""
                        {"Statement":{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}}"""), ALICE,
                "kms:Decrypt", ALLOW, "AllowAliceDecrypt"));
        all.add(c("key policy Deny overrides its own Allow", IAM_EVALUATION, """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"Root","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"},
                 {"Sid":"NoDecrypt","Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]}""",
                List.of(), ROOT, "kms:Decrypt", DENY, "NoDecrypt"));
        // IAM "How AWS enforcement code logic evaluates requests": "By default, all requests are implicitly denied"
        // (KMS: for the root too, as above); for an operation on no resource the account root has full access.
        all.add(c("no key: the root may CreateKey", IAM_DENY_ALLOW, null, List.of(), ROOT, "kms:CreateKey", ALLOW,
                null));
        all.add(c("no key: a user needs an identity policy", IAM_DENY_ALLOW, null, List.of(), ALICE, "kms:CreateKey",
                NONE, null));
        all.add(c("no key: an identity policy allows CreateKey on *", IAM_DENY_ALLOW, null, List.of("""
                        {"Version":"2012-10-17","Statement":[{"Sid":"Create","Effect":"Allow","Action":"kms:Create*",
                         "Resource":"*"}]}"""), ALICE, "kms:CreateKey", ALLOW, "Create"));
        all.add(c("no key: a key-ARN resource does not cover an operation on no key", IAM_DENY_ALLOW, null,
                List.of(IAM_ALLOW_DECRYPT.replace("kms:Decrypt", "kms:CreateKey")), ALICE, "kms:CreateKey", NONE,
                null));
        // IAM "NotPrincipal": "When you use NotPrincipal with Deny, you must also specify the account ARN of the
        // not-denied principal. Otherwise, the policy might deny access to the entire account containing the
        // principal."
        String notPrincipalBobAndAccount = """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"AllowAll","Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"},
                 {"Sid":"OnlyBob","Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:user/Bob",
                  "arn:aws:iam::111122223333:root"]},"Action":"kms:*","Resource":"*"}]}""";
        all.add(c("NotPrincipal Deny listing Bob and his account: Bob is not denied", IAM_NOT_PRINCIPAL,
                notPrincipalBobAndAccount, List.of(), BOB, "kms:Decrypt", ALLOW, "AllowAll"));
        all.add(c("NotPrincipal Deny listing Bob and his account: Alice is denied", IAM_NOT_PRINCIPAL,
                notPrincipalBobAndAccount, List.of(), ALICE, "kms:Decrypt", DENY, "OnlyBob"));
        String notPrincipalBobOnly = """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"AllowAll","Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"},
                 {"Sid":"OnlyBob","Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:user/Bob"]},
                  "Action":"kms:*","Resource":"*"}]}""";
        all.add(c("NotPrincipal Deny listing Bob without his account: Bob is denied too", IAM_NOT_PRINCIPAL,
                notPrincipalBobOnly,
                List.of(), BOB, "kms:Decrypt", DENY, "OnlyBob"));
        // KMS "kms:EncryptionContext:context-key": "StringEquals" on a pair allows only requests with that pair;
        // the value comparison is case-sensitive unless an IgnoreCase operator is used.
        String tenant42 = keyPolicyWithCondition("arn:aws:iam::111122223333:user/Alice", "kms:Decrypt",
                "{\"StringEquals\":{\"kms:EncryptionContext:tenant\":\"42\"}}");
        all.add(c("EncryptionContext:tenant = 42: with tenant 42 allowed", KMS_CONDITIONS, tenant42, List.of(),
                List.of(), ALICE, "kms:Decrypt", context(Map.of("tenant", "42", "other", "x")), ALLOW, "Conditional"));
        all.add(c("EncryptionContext:tenant = 42: with tenant 43 denied", KMS_CONDITIONS, tenant42, List.of(),
                List.of(), ALICE, "kms:Decrypt", context(Map.of("tenant", "43")), NONE, null));
        all.add(c("EncryptionContext:tenant = 42: without context denied", KMS_CONDITIONS, tenant42, List.of(),
                List.of(), ALICE, "kms:Decrypt", b -> b, NONE, null));
        String deptIt = keyPolicyWithCondition("arn:aws:iam::111122223333:user/Alice", "kms:Decrypt",
                "{\"StringEquals\":{\"kms:EncryptionContext:Department\":\"IT\"}}");
        all.add(c("EncryptionContext value is case-sensitive under StringEquals", KMS_CONDITIONS, deptIt, List.of(),
                List.of(), ALICE, "kms:Decrypt", context(Map.of("Department", "it")), NONE, null));
        all.add(c("EncryptionContext value matches without case under StringEqualsIgnoreCase", KMS_CONDITIONS,
                deptIt.replace("StringEquals", "StringEqualsIgnoreCase"), List.of(), List.of(), ALICE, "kms:Decrypt",
                context(Map.of("Department", "it")), ALLOW, "Conditional"));
        // KMS "kms:EncryptionContextKeys": ForAllValues:StringEquals also allows requests without an encryption
        // context; pair it with Null false to require one.
        String onlyKeys = keyPolicyWithCondition("arn:aws:iam::111122223333:user/Alice", "kms:Encrypt",
                "{\"ForAllValues:StringEquals\":{\"kms:EncryptionContextKeys\":[\"Purpose\",\"Department\"]}}");
        all.add(c("ForAllValues keys: all keys listed allowed", KMS_CONDITIONS, onlyKeys, List.of(), List.of(), ALICE,
                "kms:Encrypt", context(Map.of("Purpose", "Test")), ALLOW, "Conditional"));
        all.add(c("ForAllValues keys: an unlisted key denied", KMS_CONDITIONS, onlyKeys, List.of(), List.of(), ALICE,
                "kms:Encrypt", context(Map.of("Purpose", "Test", "Extra", "1")), NONE, null));
        all.add(c("ForAllValues keys: no encryption context allowed", KMS_CONDITIONS, onlyKeys, List.of(), List.of(),
                ALICE, "kms:Encrypt", b -> b, ALLOW, "Conditional"));
        String onlyKeysRequired = keyPolicyWithCondition("arn:aws:iam::111122223333:user/Alice", "kms:Encrypt",
                "{\"ForAllValues:StringEquals\":{\"kms:EncryptionContextKeys\":[\"Purpose\",\"Department\"]},"
                        + "\"Null\":{\"kms:EncryptionContextKeys\":\"false\"}}");
        all.add(c("ForAllValues keys with Null false: no encryption context denied", KMS_CONDITIONS,
                onlyKeysRequired, List.of(), List.of(), ALICE, "kms:Encrypt", b -> b, NONE, null));
        // IAM "Set operators for multivalued context keys": ForAnyValue needs at least one value to match; an absent
        // key makes it false.
        String anyKey = keyPolicyWithCondition("arn:aws:iam::111122223333:user/Alice", "kms:Encrypt",
                "{\"ForAnyValue:StringEquals\":{\"kms:EncryptionContextKeys\":\"Purpose\"}}");
        all.add(c("ForAnyValue keys: one listed key among others allowed", IAM_MULTIVALUED, anyKey, List.of(),
                List.of(), ALICE, "kms:Encrypt", context(Map.of("Purpose", "x", "More", "y")), ALLOW, "Conditional"));
        all.add(c("ForAnyValue keys: absent key denied", IAM_MULTIVALUED, anyKey, List.of(), List.of(), ALICE,
                "kms:Encrypt", b -> b, NONE, null));
        // IAM "Condition operators": "...IfExists": if the key is not present, the condition evaluates to true.
        String ifExists = keyPolicyWithCondition("arn:aws:iam::111122223333:user/Alice", "kms:Decrypt",
                "{\"StringEqualsIfExists\":{\"kms:EncryptionContext:tenant\":\"42\"}}");
        all.add(c("IfExists: absent key holds", IAM_OPERATORS, ifExists, List.of(), List.of(), ALICE, "kms:Decrypt",
                b -> b, ALLOW, "Conditional"));
        all.add(c("IfExists: present key is compared", IAM_OPERATORS, ifExists, List.of(), List.of(), ALICE,
                "kms:Decrypt", context(Map.of("tenant", "7")), NONE, null));
        // IAM "Condition operators", Boolean: aws:SecureTransport false denies plain-text requests.
        String denyInsecure = """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*",
                  "Resource":"*"},
                 {"Sid":"DenyInsecure","Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*",
                  "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""";
        all.add(c("Bool SecureTransport false: plain HTTP denied", IAM_OPERATORS, denyInsecure, List.of(), List.of(),
                ROOT, "kms:Decrypt", b -> b.secureTransport(false), DENY, "DenyInsecure"));
        all.add(c("Bool SecureTransport false: TLS allowed", IAM_OPERATORS, denyInsecure, List.of(), List.of(), ROOT,
                "kms:Decrypt", b -> b.secureTransport(true), ALLOW, "Root"));
        // IAM "Condition operators", Date: DateLessThan aws:CurrentTime limits a statement in time.
        String until2030 = keyPolicyWithCondition("arn:aws:iam::111122223333:user/Alice", "kms:Decrypt",
                "{\"DateLessThan\":{\"aws:CurrentTime\":\"2030-01-01T00:00:00Z\"}}");
        all.add(c("DateLessThan CurrentTime: before allowed", IAM_OPERATORS, until2030, List.of(), List.of(), ALICE,
                "kms:Decrypt", b -> b.currentTime(Instant.parse("2029-12-31T23:59:59Z")), ALLOW, "Conditional"));
        all.add(c("DateLessThan CurrentTime: after denied", IAM_OPERATORS, until2030, List.of(), List.of(), ALICE,
                "kms:Decrypt", b -> b.currentTime(Instant.parse("2030-01-01T00:00:00Z")), NONE, null));
        // IAM "Condition operators", ARN: ArnLike on aws:PrincipalArn, the recommended replacement of NotPrincipal;
        // a role session is evaluated as its role.
        String roleOnly = keyPolicyWithCondition("*", "kms:Decrypt",
                "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:role/Example*\"}}");
        all.add(c("ArnLike PrincipalArn: a session of the role allowed", IAM_OPERATORS, roleOnly, List.of(),
                List.of(), ROLE_SESSION, "kms:Decrypt", b -> b, ALLOW, "Conditional"));
        all.add(c("ArnLike PrincipalArn: a user denied", IAM_OPERATORS, roleOnly, List.of(), List.of(), ALICE,
                "kms:Decrypt", b -> b, NONE, null));
        // KMS "kms:CallerAccount": with Principal "*", allow every principal of one account (the AWS managed key
        // policy's form, without kms:ViaService).
        String callerAccount = keyPolicyWithCondition("*", "kms:Decrypt",
                "{\"StringEquals\":{\"kms:CallerAccount\":\"111122223333\"}}");
        all.add(c("CallerAccount: a principal of the account allowed", KMS_CONDITIONS, callerAccount, List.of(),
                List.of(), BOB, "kms:Decrypt", b -> b, ALLOW, "Conditional"));
        all.add(c("CallerAccount: another account's principal denied", KMS_CONDITIONS, callerAccount, List.of(
                IAM_ALLOW_DECRYPT.replace("arn:aws:kms:us-east-1:111122223333:key/*", "*")), List.of(), EXTERNAL,
                "kms:Decrypt", b -> b, NONE, null));
        // KMS "Allowing users in other accounts to use a KMS key": the key policy must allow the external account,
        // and the external account's IAM policies must allow its users.
        String external = """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*",
                  "Resource":"*"},
                 {"Sid":"External","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},
                  "Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*"}]}""";
        String externalIam = """
                {"Version":"2012-10-17","Statement":[{"Sid":"UseTheirKey","Effect":"Allow","Action":"kms:Decrypt",
                 "Resource":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]}""";
        all.add(c("cross-account: key policy and external IAM policy allow", KMS_CROSS_ACCOUNT, external,
                List.of(externalIam), EXTERNAL, "kms:Decrypt", ALLOW, "External"));
        all.add(c("cross-account: without the external IAM policy denied", KMS_CROSS_ACCOUNT, external, List.of(),
                EXTERNAL, "kms:Decrypt", NONE, null));
        all.add(c("cross-account: the external root allowed by the key policy", KMS_CROSS_ACCOUNT, external,
                List.of(), EXTERNAL_ROOT, "kms:Decrypt", ALLOW, "External"));
        all.add(c("cross-account: an action the key policy does not give denied", KMS_CROSS_ACCOUNT, external,
                List.of(externalIam.replace("kms:Decrypt", "kms:*")), EXTERNAL, "kms:ScheduleKeyDeletion", NONE,
                null));
        // Identity policies (the endpoint's credentials file documents). KMS "Key policies": with the account
        // enabled by the key policy, "IAM policies" decide; their conditions use the same KMS condition keys
        // (KMS "kms:EncryptionContext:context-key": "you can use this condition key ... in an IAM policy").
        String iamTenant42 = """
                {"Version":"2012-10-17","Statement":[{"Sid":"IamDecrypt42","Effect":"Allow","Action":"kms:Decrypt",
                 "Resource":"*","Condition":{"StringEquals":{"kms:EncryptionContext:tenant":"42"}}}]}""";
        all.add(c("identity policy condition: tenant 42 allowed through the delegating key policy", KMS_CONDITIONS,
                DEFAULT_POLICY, List.of(iamTenant42), List.of(), ALICE, "kms:Decrypt",
                context(Map.of("tenant", "42")), ALLOW, "IamDecrypt42"));
        all.add(c("identity policy condition: tenant 43 not allowed", KMS_CONDITIONS, DEFAULT_POLICY,
                List.of(iamTenant42), List.of(), ALICE, "kms:Decrypt", context(Map.of("tenant", "43")), NONE, null));
        // IAM "Policy evaluation logic": the identity-based policies of a principal are combined; one Allow among
        // them is enough when none denies.
        all.add(c("two identity policies: one allows, the other is silent", IAM_EVALUATION, DEFAULT_POLICY,
                List.of("""
                        {"Version":"2012-10-17","Statement":[{"Sid":"IamEncrypt","Effect":"Allow",
                         "Action":"kms:Encrypt","Resource":"*"}]}""", IAM_ALLOW_DECRYPT), List.of(), ALICE, "kms:Decrypt",
                b -> b, ALLOW, "IamDecrypt"));
        // KMS "Key policies": "You can use an IAM policy to deny a permission to a KMS key without permission from
        // a key policy"; here the Deny has a condition and the key policy names the principal.
        String iamDenyTenant13 = """
                {"Version":"2012-10-17","Statement":[{"Sid":"NeverTenant13","Effect":"Deny","Action":"kms:*",
                 "Resource":"*","Condition":{"StringEquals":{"kms:EncryptionContext:tenant":"13"}}}]}""";
        all.add(c("identity Deny with a condition overrides the key policy naming the principal", KMS_KEY_POLICIES,
                ALICE_DECRYPT_ONLY, List.of(iamDenyTenant13), List.of(), ALICE, "kms:Decrypt",
                context(Map.of("tenant", "13")), DENY, "NeverTenant13"));
        all.add(c("identity Deny whose condition does not hold leaves the key policy's Allow", KMS_KEY_POLICIES,
                ALICE_DECRYPT_ONLY, List.of(iamDenyTenant13), List.of(), ALICE, "kms:Decrypt",
                context(Map.of("tenant", "14")), ALLOW, "AllowAliceDecrypt"));
        // IAM "Resource" element: a statement applies only to the resources it names; an identity policy naming
        // another key allows nothing on this one.
        all.add(c("identity policy naming another key allows nothing on this one", IAM_EVALUATION, DEFAULT_POLICY,
                List.of(IAM_ALLOW_DECRYPT.replace("key/*", "key/0000aaaa-00aa-00aa-00aa-000000000000")), List.of(),
                ALICE, "kms:Decrypt", b -> b, NONE, null));
        // KMS "Key policies": an identity policy Deny wins over a grant too (a grant "can allow access ... but not
        // deny access", and an explicit deny in any policy overrides an allow).
        all.add(c("identity Deny overrides a grant", KMS_KEY_POLICIES, DEFAULT_POLICY, List.of(IAM_DENY_DECRYPT),
                List.of(new GrantPermission("g-any", ALICE.arn(), Set.of("Decrypt"), null, null)), ALICE,
                "kms:Decrypt", b -> b, DENY, "IamDenyDecrypt"));

        // KMS GrantConstraints: EncryptionContextSubset pairs must be in the request's context (other pairs
        // allowed); EncryptionContextEquals the same pairs; "in a grant constraint, the key in each key-value pair
        // is not case sensitive, but the value is case sensitive"; constraints do not apply to operations without
        // an encryption context such as DescribeKey.
        GrantPermission subset = new GrantPermission("g-subset", ALICE.arn(), Set.of("Decrypt", "DescribeKey"),
                null, Map.of("tenant", "42"));
        GrantPermission equals = new GrantPermission("g-equals", ALICE.arn(), Set.of("Encrypt"),
                Map.of("tenant", "42"), null);
        all.add(c("grant subset: pair present among others allowed", KMS_GRANT_CONSTRAINTS, ALICE_DECRYPT_ONLY
                .replace("user/Alice", "user/Bob"), List.of(), List.of(subset), ALICE, "kms:Decrypt",
                context(Map.of("tenant", "42", "x", "y")), ALLOW, "g-subset"));
        all.add(c("grant subset: key case differs, allowed", KMS_GRANT_CONSTRAINTS, DEFAULT_POLICY, List.of(),
                List.of(subset), ALICE, "kms:Decrypt", context(Map.of("TENANT", "42")), ALLOW, "g-subset"));
        all.add(c("grant subset: value case differs, denied", KMS_GRANT_CONSTRAINTS, DEFAULT_POLICY, List.of(),
                List.of(new GrantPermission("g", ALICE.arn(), Set.of("Decrypt"), null, Map.of("t", "abc"))), ALICE,
                "kms:Decrypt", context(Map.of("t", "ABC")), NONE, null));
        all.add(c("grant subset: pair missing, denied", KMS_GRANT_CONSTRAINTS, DEFAULT_POLICY, List.of(),
                List.of(subset), ALICE, "kms:Decrypt", context(Map.of("x", "y")), NONE, null));
        all.add(c("grant subset: DescribeKey has no context, allowed", KMS_GRANT_CONSTRAINTS, DEFAULT_POLICY,
                List.of(), List.of(subset), ALICE, "kms:DescribeKey", b -> b, ALLOW, "g-subset"));
        all.add(c("grant: an operation not granted, denied", KMS_GRANT_CONSTRAINTS, DEFAULT_POLICY, List.of(),
                List.of(subset), ALICE, "kms:Encrypt", context(Map.of("tenant", "42")), NONE, null));
        all.add(c("grant: another grantee, denied", KMS_GRANT_CONSTRAINTS, DEFAULT_POLICY, List.of(),
                List.of(subset), BOB, "kms:Decrypt", context(Map.of("tenant", "42")), NONE, null));
        all.add(c("grant equals: exactly the pairs allowed", KMS_GRANT_CONSTRAINTS, DEFAULT_POLICY, List.of(),
                List.of(equals), ALICE, "kms:Encrypt", context(Map.of("tenant", "42")), ALLOW, "g-equals"));
        all.add(c("grant equals: an extra pair denied", KMS_GRANT_CONSTRAINTS, DEFAULT_POLICY, List.of(),
                List.of(equals), ALICE, "kms:Encrypt", context(Map.of("tenant", "42", "x", "y")), NONE, null));
        all.add(c("grant never overrides an explicit deny", KMS_KEY_POLICIES, denyInsecure, List.of(),
                List.of(subset), ALICE, "kms:Decrypt",
                b -> b.secureTransport(false).encryptionContext(Map.of("tenant", "42")), DENY, "DenyInsecure"));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void documentedCase(Case c) throws MalformedPolicyException {
        PolicyDocument keyPolicy = c.keyPolicy() == null ? null : PolicyDocument.parse(PolicyKind.KEY_POLICY,
                c.keyPolicy());
        List<PolicyDocument> identity = new ArrayList<>();
        for (String p : c.identityPolicies()) {
            identity.add(PolicyDocument.parse(PolicyKind.IDENTITY_POLICY, p));
        }
        RequestContext request = c.request().apply(RequestContext.builder(c.caller(), c.action(),
                c.keyPolicy() == null ? "*" : KEY)).build();
        Decision d = PolicyEvaluator.evaluate(request, ACCOUNT, keyPolicy, identity, c.grants());
        assertEquals(c.outcome(), d.outcome(), c.name() + " (" + c.page() + ")");
        if (c.decidedBy() != null || c.outcome() != ALLOW) {
            assertEquals(c.decidedBy(), d.decidingId(), c.name() + ": deciding statement or grant");
        }
    }

    /** The number of cases, for RELIABILITY.md. */
    static long count() {
        return cases().count();
    }
}
