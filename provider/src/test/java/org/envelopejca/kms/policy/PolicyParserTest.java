package org.envelopejca.kms.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What KMS refuses with MalformedPolicyDocumentException is refused here, and what it accepts is accepted. */
class PolicyParserTest {
    static final String S = "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"kms:*\","
            + "\"Resource\":\"*\"";

    static String policy(String statementTail) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + S + statementTail + "}]}";
    }

    static String withCondition(String condition) {
        return policy(",\"Condition\":" + condition);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not json",
            "[]",
            "{\"Version\":\"2012-10-17\"}",
            "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
            "{\"Version\":\"2020-01-01\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"},\"Extra\":1}",
            "{\"Statement\":{\"Effect\":\"allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}",
            "{\"Statement\":{\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Resource\":\"*\"}}",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\"}}",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"NotAction\":\"kms:Decrypt\",\"Resource\":\"*\"}}",
            "{\"Statement\":{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":\"111122223333\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}}",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:user/*\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}}",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"alice\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}}",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"cognito-identity.amazonaws.com\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}}",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:Decrpyt\",\"Resource\":\"*\"}}",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"Decrypt\",\"Resource\":\"*\"}}",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":[],\"Resource\":\"*\"}}",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"key/1\"}}",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}",
    })
    void refusesMalformedDocuments(String text) {
        assertThrows(MalformedPolicyException.class, () -> PolicyDocument.parse(PolicyKind.KEY_POLICY, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"StringEquals\":{\"kms:ViaService\":\"ec2.us-east-1.amazonaws.com\"}}",   // a key this engine lacks
            "{\"StringEquals\":{\"aws:SourceIp\":\"10.0.0.1\"}}",
            "{\"StringEqualz\":{\"kms:CallerAccount\":\"111122223333\"}}",              // an unknown operator
            "{\"IpAddress\":{\"aws:PrincipalArn\":\"10.0.0.0/8\"}}",                    // an operator not evaluated here
            "{\"BinaryEquals\":{\"aws:PrincipalArn\":\"QUJD\"}}",
            "{\"NumericLessThan\":{\"kms:KeySpec\":\"ten\"}}",                           // wrong value types
            "{\"DateLessThan\":{\"aws:CurrentTime\":\"tomorrow\"}}",
            "{\"Bool\":{\"aws:SecureTransport\":\"yes\"}}",
            "{\"NullIfExists\":{\"kms:KeySpec\":\"true\"}}",
            "{\"ForAnyValue:Null\":{\"kms:KeySpec\":\"true\"}}",
            "{\"StringEquals\":{\"aws:username\":\"${aws:username}\"}}",                  // policy variables
            "{\"StringEquals\":{}}",
            "{}",
            "{\"StringEquals\":{\"kms:EncryptionContext:\":\"x\"}}",
            "{\"StringEquals\":{\"kms:KeySpec\":{\"nested\":1}}}",
            "{\"StringEquals\":{\"kms:KeySpec\":null}}",
    })
    void refusesConditionsItCannotEvaluate(String condition) {
        MalformedPolicyException e = assertThrows(MalformedPolicyException.class,
                () -> PolicyDocument.parse(PolicyKind.KEY_POLICY, withCondition(condition)));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"StringEquals\":{\"kms:EncryptionContext:tenant\":\"42\"}}",
            "{\"stringequals\":{\"KMS:ENCRYPTIONCONTEXT:Tenant\":[\"42\",\"43\"]}}",
            "{\"ForAllValues:StringLike\":{\"kms:EncryptionContextKeys\":\"app-*\"}}",
            "{\"ForAnyValue:StringEqualsIgnoreCaseIfExists\":{\"kms:ResourceAliases\":\"alias/x\"}}",
            "{\"StringNotEqualsIgnoreCase\":{\"kms:RequestAlias\":\"alias/y\"}}",
            "{\"Bool\":{\"kms:GrantIsForAWSResource\":true}}",
            "{\"BoolIfExists\":{\"aws:SecureTransport\":\"false\"}}",
            "{\"Null\":{\"kms:EncryptionContextKeys\":\"false\"}}",
            "{\"NumericGreaterThanEquals\":{\"kms:EncryptionContext:n\":\"10.5\"}}",
            "{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-01-01\"},\"DateLessThan\":{\"aws:CurrentTime\":1893456000}}",
            "{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/Admin\"}}",
            "{\"ArnEquals\":{\"kms:GranteePrincipal\":\"arn:aws:iam::111122223333:role/x\"}}",
            "{\"ForAllValues:StringEquals\":{\"kms:GrantOperations\":[\"Decrypt\",\"RetireGrant\"]}}",
            "{\"StringEquals\":{\"kms:KeySpec\":\"SYMMETRIC_DEFAULT\",\"kms:KeyUsage\":\"ENCRYPT_DECRYPT\","
                    + "\"kms:CallerAccount\":\"111122223333\",\"aws:username\":\"alice\","
                    + "\"kms:RetiringPrincipal\":\"arn:aws:iam::111122223333:role/r\"}}",
    })
    void acceptsTheOperatorsAndKeysKmsPoliciesUse(String condition) {
        assertDoesNotThrow(() -> PolicyDocument.parse(PolicyKind.KEY_POLICY, withCondition(condition)));
    }

    @Test
    void acceptsTheDocumentedForms() throws MalformedPolicyException {
        // a single statement object, no Version, a Service principal, NotPrincipal with Deny, NotAction, NotResource
        PolicyDocument p = PolicyDocument.parse(PolicyKind.KEY_POLICY, """
                {"Id":"x","Statement":[
                 {"Sid":"s1","Effect":"Allow","Principal":{"AWS":["*","111122223333"],"Service":"logs.amazonaws.com"},
                  "Action":["kms:Encrypt","kms:Generate*","s3:GetObject"],"Resource":"*"},
                 {"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"NotAction":"kms:Describe*",
                  "NotResource":"arn:aws:kms:*:111122223333:key/*"},
                 {"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::111122223333:assumed-role/R/session"},"Action":"*",
                  "Resource":"*"}]}""");
        assertEquals(3, p.statements().size());
        assertEquals("Statement[1]", p.statements().get(1).id());
        assertDoesNotThrow(() -> PolicyDocument.parse(PolicyKind.KEY_POLICY,
                "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}"));
    }

    @Test
    void identityPoliciesNameNoPrincipal() {
        assertThrows(MalformedPolicyException.class, () -> PolicyDocument.parse(PolicyKind.IDENTITY_POLICY,
                policy("")));
        assertDoesNotThrow(() -> PolicyDocument.parse(PolicyKind.IDENTITY_POLICY,
                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}}"));
    }

    @Test
    void sizeLimitIs32KiB() {
        String head = "{\"Statement\":{\"Sid\":\"";
        String tail = "\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}";
        String exact = head + "a".repeat(32 * 1024 - head.length() - tail.length()) + tail;
        assertEquals(32768, exact.length());
        assertDoesNotThrow(() -> PolicyDocument.parse(PolicyKind.KEY_POLICY, exact));
        String over = head + "a".repeat(32 * 1024 - head.length() - tail.length() + 1) + tail;
        assertThrows(MalformedPolicyException.class, () -> PolicyDocument.parse(PolicyKind.KEY_POLICY, over));
        // U+00E9 is two bytes in UTF-8: the limit counts bytes
        String twoByte = head + "\u00e9".repeat(10_000) + "a".repeat(32 * 1024 - head.length() - tail.length()
                - 20_000 + 1) + tail;
        assertThrows(MalformedPolicyException.class, () -> PolicyDocument.parse(PolicyKind.KEY_POLICY, twoByte));
    }

    @Test
    void refusesCharactersOutsideThePolicyPattern() {
        assertThrows(MalformedPolicyException.class, () -> PolicyDocument.parse(PolicyKind.KEY_POLICY,
                policy(",\"Sid\":\"\u0100\"")));
        assertThrows(MalformedPolicyException.class, () -> PolicyDocument.parse(PolicyKind.KEY_POLICY,
                policy(",\"Sid\":\"\u0001\"")));
    }

    @Test
    void deepNestingIsRefusedBeforeItCosts() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThrows(MalformedPolicyException.class, () -> PolicyDocument.parse(PolicyKind.KEY_POLICY,
                "{\"Statement\":" + deep + "}"));
    }
}
