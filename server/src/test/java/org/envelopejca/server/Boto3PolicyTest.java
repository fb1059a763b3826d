package org.envelopejca.server;

import static org.envelopejca.server.PolicyFlowCallers.ADMIN_ID;
import static org.envelopejca.server.PolicyFlowCallers.ADMIN_SECRET;
import static org.envelopejca.server.PolicyFlowCallers.APP_ID;
import static org.envelopejca.server.PolicyFlowCallers.APP_SECRET;
import static org.envelopejca.server.PolicyFlowCallers.BOB_ID;
import static org.envelopejca.server.PolicyFlowCallers.BOB_SECRET;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key policies and grants driven by boto3 (the AWS SDK for Python, a client nobody here wrote) against the endpoint:
 * a policy letting a role Decrypt only with {@code tenant=42}, the lockout check, a grant with an
 * EncryptionContextSubset constraint used with and without its token, retired and revoked, both constraints at once
 * refused, an explicit Deny overriding the Allow. The script ({@code boto3-policy-flow.py}) reports each step's
 * outcome; the expected outcomes are here. One Python process, a few seconds.
 */
@ExtendWith(Boto3.class)
class Boto3PolicyTest {

    @Test
    void policiesAndGrantsThroughBoto3(@TempDir Path dir) throws Exception {
        Map<String, AccessKey> keys = PolicyFlowCallers.accessKeys();
        try (ServerFixture fx = new ServerFixture(dir, keys)) {
            Path home = Files.createDirectories(dir.resolve("home"));
            Boto3.Result r = Boto3.script(home, "boto3-policy-flow.py", Map.of(
                    "ENVELOPE_ENDPOINT", fx.server.endpoint().toString(),
                    "ENVELOPE_ADMIN_ID", ADMIN_ID, "ENVELOPE_ADMIN_SECRET", ADMIN_SECRET,
                    "ENVELOPE_APP_ID", APP_ID, "ENVELOPE_APP_SECRET", APP_SECRET,
                    "ENVELOPE_BOB_ID", BOB_ID, "ENVELOPE_BOB_SECRET", BOB_SECRET), 60);
            assertEquals(0, r.exit(), "the boto3 script failed: " + r.stderr());
            JsonNode got = r.json();

            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("create-key", "ok");
            expected.put("put-policy", "ok");
            expected.put("get-policy", "ok");
            expected.put("app-decrypt-42", "ok");
            expected.put("app-decrypt-43", "AccessDeniedException");
            expected.put("app-encrypt", "AccessDeniedException");
            expected.put("lockout", "MalformedPolicyDocumentException");
            expected.put("policy-unchanged", "ok");
            expected.put("create-grant", "ok");
            expected.put("bob-decrypt-43-token", "ok");
            // grants take effect at once here (KMS: eventually, a token bridging the delay)
            expected.put("bob-decrypt-43", "ok");
            expected.put("bob-decrypt-42-token", "AccessDeniedException");
            expected.put("bob-forged-token", "InvalidGrantTokenException");
            expected.put("list-grants", "ok");
            // the grantee may retire a grant only when it has RetireGrant; the retiring principal may
            expected.put("bob-retires", "AccessDeniedException");
            expected.put("admin-retires", "ok");
            expected.put("bob-after-retire", "AccessDeniedException");
            expected.put("second-grant", "ok");
            expected.put("bob-second-grant", "ok");
            expected.put("revoke", "ok");
            expected.put("bob-after-revoke", "AccessDeniedException");
            expected.put("no-grants-left", "ok");
            expected.put("both-constraints", "ValidationException");
            expected.put("put-deny", "ok");
            expected.put("app-denied", "AccessDeniedException");
            for (Map.Entry<String, String> e : expected.entrySet()) {
                assertEquals(e.getValue(), got.path(e.getKey()).asText("(missing)"), e.getKey() + " in " + got);
            }
            assertTrue(got.path("app-denied.message").asText().contains("with an explicit deny in a resource-based "
                    + "policy"), got.toString());
            assertTrue(got.path("app-decrypt-43.message").asText().contains("User: arn:aws:iam::111122223333:role/app"
                    + " is not authorized to perform: kms:Decrypt"), got.toString());
        }
    }
}
