package org.envelopejca.kms.policy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Fuzzing the language: documents assembled from the grammar's pieces (valid and invalid ones) and then mutated
 * character by character. Whatever the parser accepts, evaluation answers without throwing, and two rules hold that
 * need no oracle: a document with a catch-all Deny denies everything explicitly, and a document with no Allow (and
 * no grants) allows nothing.
 */
class PolicyFuzzProperties {
    static final AtomicLong ACCEPTED = new AtomicLong();
    static final AtomicLong EVALUATIONS = new AtomicLong();
    static final String KEY = PolicyDocumentationCasesTest.KEY;
    static final List<AwsPrincipal> CALLERS = List.of(PolicyDocumentationCasesTest.ROOT,
            PolicyDocumentationCasesTest.ALICE, PolicyDocumentationCasesTest.BOB,
            PolicyDocumentationCasesTest.ROLE_SESSION, PolicyDocumentationCasesTest.EXTERNAL,
            PolicyDocumentationCasesTest.EXTERNAL_ROOT);

    static final List<String> PRINCIPALS = List.of("\"*\"", "{\"AWS\":\"*\"}", "{\"AWS\":\"111122223333\"}",
            "{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "{\"AWS\":[\"arn:aws:iam::111122223333:user/Alice\","
                    + "\"arn:aws:iam::444455556666:root\"]}", "{\"AWS\":\"arn:aws:iam::111122223333:role/ExampleRole\"}",
            "{\"Service\":\"logs.amazonaws.com\"}");
    static final List<String> BAD_PRINCIPALS = List.of("{\"AWS\":\"arn:aws:iam::111122223333:user/*\"}", "{}", "7");
    static final List<String> ACTIONS = List.of("\"*\"", "\"kms:*\"", "\"kms:Decrypt\"", "\"kms:Gen*\"",
            "[\"kms:Encrypt\",\"kms:Decrypt\"]", "\"kms:De?rypt\"", "\"s3:*\"");
    static final List<String> BAD_ACTIONS = List.of("\"kms:Nope\"", "[]");
    static final List<String> RESOURCES = List.of("\"*\"", "\"" + KEY + "\"", "\"arn:aws:kms:*:111122223333:key/*\"",
            "\"arn:aws:kms:us-east-1:444455556666:key/*\"", "\"arn:*\"");
    static final List<String> OPERATORS = List.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "NumericEquals", "NumericLessThan",
            "NumericGreaterThanEquals", "DateLessThan", "DateGreaterThan", "Bool", "ArnLike", "ArnNotEquals", "Null",
            "ForAnyValue:StringEquals", "ForAllValues:StringLike", "ForAllValues:StringNotEquals",
            "ForAnyValue:StringNotLike", "StringEqualsIfExists", "BoolIfExists", "DateLessThanIfExists",
            "IpAddress", "Bogus");
    static final List<String> GOOD_OPERATORS = OPERATORS.subList(0, OPERATORS.size() - 2);
    static final List<String> KEYS = List.of("kms:EncryptionContext:tenant", "kms:EncryptionContextKeys",
            "kms:CallerAccount", "kms:GrantOperations", "kms:GrantIsForAWSResource", "kms:KeySpec", "kms:KeyUsage",
            "kms:RequestAlias", "kms:ResourceAliases", "aws:PrincipalArn", "aws:username", "aws:CurrentTime",
            "aws:SecureTransport", "kms:ViaService");
    static final List<String> GOOD_KEYS = KEYS.subList(0, KEYS.size() - 1);
    static final List<String> VALUES = List.of("\"42\"", "\"true\"", "\"false\"", "\"*\"", "\"4?\"", "\"10.5\"",
            "\"2030-01-01T00:00:00Z\"", "\"2020-01-01\"", "1700000000", "true", "\"arn:aws:iam::*:user/*\"",
            "[\"tenant\",\"app\"]", "\"111122223333\"", "\"\"", "{}", "null", "\"${aws:username}\"",
            "[\"true\",\"42\"]", "\"false\"", "\"true\"");

    /** Mostly valid pieces, now and then an invalid one, so that most documents parse and some do not. */
    static Arbitrary<String> mostly(List<String> valid, List<String> invalid) {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(12, Arbitraries.of(valid)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(invalid)));
    }

    @Provide
    Arbitrary<String> statements() {
        Arbitrary<String> condition = Combinators.combine(mostly(GOOD_OPERATORS, OPERATORS),
                mostly(GOOD_KEYS, KEYS), Arbitraries.of(VALUES)).as((o, k, v) -> "{\"" + o + "\":{\"" + k + "\":" + v + "}}");
        Arbitrary<String> conditions = condition.list().ofMaxSize(2).map(cs -> {
            if (cs.isEmpty()) {
                return "";
            }
            StringBuilder merged = new StringBuilder(",\"Condition\":{");
            for (int i = 0; i < cs.size(); i++) {
                String c = cs.get(i);
                merged.append(i == 0 ? "" : ",").append(c, 1, c.length() - 1);
            }
            return merged.append('}').toString();
        });
        return Combinators.combine(mostly(List.of("Allow", "Deny"), List.of("Maybe")),
                        mostly(List.of("Principal"), List.of("NotPrincipal")), mostly(PRINCIPALS, BAD_PRINCIPALS),
                        Arbitraries.of("Action", "NotAction"), mostly(ACTIONS, BAD_ACTIONS),
                        Arbitraries.of("Resource", "NotResource"), Arbitraries.of(RESOURCES), conditions)
                .as((e, pe, p, ae, a, re, r, c) -> "{\"Sid\":\"s\",\"Effect\":\"" + e + "\",\"" + pe + "\":" + p
                        + ",\"" + ae + "\":" + a + ",\"" + re + "\":" + r + c + "}");
    }

    @Provide
    Arbitrary<String> documents() {
        Arbitrary<String> assembled = statements().list().ofMinSize(1).ofMaxSize(4)
                .map(ss -> "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", ss) + "]}");
        Arbitrary<String> mutated = Combinators.combine(assembled, Arbitraries.integers().between(0, 10_000),
                Arbitraries.chars().with('{', '}', '[', ']', '"', ',', ':', '*', 'x', '\\', '\u00ff', '\u0100'))
                .as((doc, at, ch) -> {
                    int i = at % doc.length();
                    return at % 2 == 0 ? doc.substring(0, i) + ch + doc.substring(i)
                            : doc.substring(0, i) + doc.substring(i + 1);
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, assembled), net.jqwik.api.Tuple.of(1, mutated));
    }

    @Provide
    Arbitrary<RequestContext> requests() {
        Arbitrary<Map<String, String>> context = Arbitraries.maps(Arbitraries.of("tenant", "TENANT", "app", "x"),
                Arbitraries.of("42", "43", "", "10.5", "2020-01-01")).ofMaxSize(3);
        return Combinators.combine(Arbitraries.of(CALLERS), Arbitraries.of("kms:Decrypt", "kms:Encrypt",
                        "kms:CreateGrant", "kms:PutKeyPolicy"), context, Arbitraries.of(true, false),
                Arbitraries.of(List.<String>of(), List.of("Decrypt"), List.of("Decrypt", "RetireGrant")))
                .as((p, a, ec, tls, ops) -> RequestContext.builder(p, a, KEY).encryptionContext(ec)
                        .secureTransport(tls).grantOperations(ops).keySpec("SYMMETRIC_DEFAULT").build());
    }

    @Property(tries = 2000)
    void evaluationNeverThrowsOnAcceptedDocuments(@ForAll("documents") String text,
                                                  @ForAll("requests") RequestContext request) {
        PolicyDocument doc;
        try {
            doc = PolicyDocument.parse(PolicyKind.KEY_POLICY, text);
        } catch (MalformedPolicyException refused) {
            return;
        }
        ACCEPTED.incrementAndGet();
        GrantPermission grant = new GrantPermission("g", request.principal().arn(), Set.of("Decrypt"), null,
                Map.of("tenant", "42"));
        PolicyEvaluator.evaluate(request, "111122223333", doc, List.of(), List.of(grant));
        EVALUATIONS.incrementAndGet();

        // a catch-all Deny appended: an explicit deny, decided by that statement, whatever else the document says
        String denyAll = text.substring(0, text.lastIndexOf(']'))
                + ",{\"Sid\":\"DenyAll\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
        try {
            Decision d = PolicyEvaluator.evaluate(request, "111122223333",
                    PolicyDocument.parse(PolicyKind.KEY_POLICY, denyAll), List.of(), List.of(grant));
            assertEquals(Decision.Outcome.EXPLICIT_DENY, d.outcome());
        } catch (MalformedPolicyException e) {
            // the mutation made the tail unusable for appending; nothing to check
        }

        // without Allow statements and grants, nothing is allowed
        boolean anyAllow = doc.statements().stream().anyMatch(s -> s.effect() == Effect.ALLOW);
        if (!anyAllow) {
            assertFalse(PolicyEvaluator.evaluate(request, "111122223333", doc, List.of(), List.of()).allowed());
        }
    }

    @AfterContainer
    static void report() {
        System.out.println("policy fuzz: " + ACCEPTED.get() + " accepted documents, " + EVALUATIONS.get()
                + " evaluations, none threw");
    }
}
