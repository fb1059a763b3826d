package org.envelopejca.server;

import static org.envelopejca.server.PolicyFlowCallers.ADMIN;
import static org.envelopejca.server.PolicyFlowCallers.ADMIN_ID;
import static org.envelopejca.server.PolicyFlowCallers.ADMIN_SECRET;
import static org.envelopejca.server.PolicyFlowCallers.APP;
import static org.envelopejca.server.PolicyFlowCallers.APP_ID;
import static org.envelopejca.server.PolicyFlowCallers.APP_SECRET;
import static org.envelopejca.server.PolicyFlowCallers.BOB;
import static org.envelopejca.server.PolicyFlowCallers.BOB_ID;
import static org.envelopejca.server.PolicyFlowCallers.BOB_SECRET;
import com.fasterxml.jackson.databind.JsonNode;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key policies and grants driven by the AWS CLI against the endpoint, as the README's "Who may use a key" shows
 * them: a policy that lets a role Decrypt only with {@code tenant=42}, the lockout check, an explicit Deny that
 * overrides an Allow, and a grant with an EncryptionContextSubset constraint, used with and without its token,
 * retired and revoked. About two dozen CLI runs take minutes on a loaded machine, so the flow runs with
 * {@code -Dcli.flows=true} or the stress profile; {@code PolicyAndGrantSdkTest} covers the same calls through the
 * SDK in every build. Skipped when {@code aws} is not on the PATH, except under CI=true.
 */
class AwsCliPolicyTest {

    @TempDir
    Path dir;
    AwsCli cli;

    static String policy(boolean denyApp) {
        return """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"Admin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/admin"},
                  "Action":"kms:*","Resource":"*"},
                 {"Sid":"AppDecryptsTenant42","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},
                  "Action":"kms:Decrypt","Resource":"*",
                  "Condition":{"StringEquals":{"kms:EncryptionContext:tenant":"42"}}}""" + (denyApp ? """
                ,
                 {"Sid":"NotTheApp","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},
                  "Action":"kms:*","Resource":"*"}""" : "") + "]}";
    }

    @Test
    void policiesAndGrantsThroughTheAwsCli() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("cli.flows"),
                "the AWS CLI policy and grant flow runs with -Dcli.flows=true or -Pstress");
        Path aws = AwsCli.require();
        try (LocalKms local = LocalKms.open(dir.resolve("kms"), LocalKmsOptions.defaults());
             KmsServer server = KmsServer.builder().localKms(local).refusalLog(RefusalLog.open(dir.resolve("endpoint-audit.log"),
                     local.region(), local.account())).credentials(PolicyFlowCallers.accessKeys()).start()) {
            cli = new AwsCli(aws, dir.resolve("cli"), server.endpoint().toString());
            String keyId = ok(ADMIN_ID, ADMIN_SECRET, "kms", "create-key", "--description", "tenant data")
                    .path("KeyMetadata").path("KeyId").asText();
            Path policyFile = dir.resolve("policy.json");
            Files.writeString(policyFile, policy(false));
            ok(ADMIN_ID, ADMIN_SECRET, "kms", "put-key-policy", "--key-id", keyId, "--policy-name", "default",
                    "--policy", "file://" + policyFile);
            assertEquals(policy(false), ok(ADMIN_ID, ADMIN_SECRET, "kms", "get-key-policy", "--key-id", keyId,
                    "--policy-name", "default").path("Policy").asText());

            Path secret = dir.resolve("secret.txt");
            Files.writeString(secret, "attack at dawn");
            Path blob42 = encrypt(keyId, secret, "tenant=42");
            Path blob43 = encrypt(keyId, secret, "tenant=43");

            // the role decrypts tenant 42 and nothing else
            assertArrayEquals(Files.readAllBytes(secret), plaintext(ok(APP_ID, APP_SECRET, "kms", "decrypt",
                    "--ciphertext-blob", "fileb://" + blob42, "--encryption-context", "tenant=42")));
            assertTrue(denied(APP_ID, APP_SECRET, "kms", "decrypt", "--ciphertext-blob", "fileb://" + blob43,
                    "--encryption-context", "tenant=43").contains("AccessDeniedException"));
            String e = denied(APP_ID, APP_SECRET, "kms", "encrypt", "--key-id", keyId, "--plaintext",
                    "fileb://" + secret, "--encryption-context", "tenant=42");
            assertTrue(e.contains("AccessDeniedException") && e.contains(APP) && e.contains("kms:Encrypt"), e);

            // the lockout check: a policy without the admin is refused, and nothing changes
            Path lockout = dir.resolve("lockout.json");
            Files.writeString(lockout, policy(false).replace("user/admin", "user/nobody"));
            assertTrue(denied(ADMIN_ID, ADMIN_SECRET, "kms", "put-key-policy", "--key-id", keyId, "--policy-name",
                    "default", "--policy", "file://" + lockout).contains("MalformedPolicyDocumentException"));
            assertTrue(denied(ADMIN_ID, ADMIN_SECRET, "kms", "put-key-policy", "--key-id", keyId, "--policy-name",
                    "default", "--policy", "{\"Statement\":[]}").contains("MalformedPolicyDocumentException"));

            // a grant to bob for tenant 43, with and without its token, retired by its retiring principal
            JsonNode grant = ok(ADMIN_ID, ADMIN_SECRET, "kms", "create-grant", "--key-id", keyId,
                    "--grantee-principal", BOB, "--retiring-principal", ADMIN, "--operations", "Decrypt",
                    "--constraints", "EncryptionContextSubset={tenant=43}");
            String token = grant.path("GrantToken").asText();
            assertTrue(denied(BOB_ID, BOB_SECRET, "kms", "decrypt", "--ciphertext-blob", "fileb://" + blob42,
                    "--encryption-context", "tenant=42").contains("AccessDeniedException"));
            ok(BOB_ID, BOB_SECRET, "kms", "decrypt", "--ciphertext-blob", "fileb://" + blob43,
                    "--encryption-context", "tenant=43", "--grant-tokens", token);
            ok(BOB_ID, BOB_SECRET, "kms", "decrypt", "--ciphertext-blob", "fileb://" + blob43,
                    "--encryption-context", "tenant=43");
            assertTrue(denied(BOB_ID, BOB_SECRET, "kms", "decrypt", "--ciphertext-blob", "fileb://" + blob43,
                    "--encryption-context", "tenant=43", "--grant-tokens", "not-a-token")
                    .contains("InvalidGrantTokenException"));
            JsonNode grants = ok(ADMIN_ID, ADMIN_SECRET, "kms", "list-grants", "--key-id", keyId).path("Grants");
            assertEquals(1, grants.size());
            assertEquals(BOB, grants.get(0).path("GranteePrincipal").asText());
            assertEquals("43", grants.get(0).path("Constraints").path("EncryptionContextSubset").path("tenant")
                    .asText());
            ok(ADMIN_ID, ADMIN_SECRET, "kms", "retire-grant", "--grant-token", token);
            assertTrue(denied(BOB_ID, BOB_SECRET, "kms", "decrypt", "--ciphertext-blob", "fileb://" + blob43,
                    "--encryption-context", "tenant=43").contains("AccessDeniedException"));
            String second = ok(ADMIN_ID, ADMIN_SECRET, "kms", "create-grant", "--key-id", keyId,
                    "--grantee-principal", BOB, "--operations", "Decrypt").path("GrantId").asText();
            ok(ADMIN_ID, ADMIN_SECRET, "kms", "revoke-grant", "--key-id", keyId, "--grant-id", second);
            assertEquals(0, ok(ADMIN_ID, ADMIN_SECRET, "kms", "list-grants", "--key-id", keyId).path("Grants")
                    .size());
            assertTrue(denied(ADMIN_ID, ADMIN_SECRET, "kms", "create-grant", "--key-id", keyId,
                    "--grantee-principal", BOB, "--operations", "Decrypt", "Fly").contains("ValidationException"));

            // an explicit Deny overrides the Allow
            Files.writeString(policyFile, policy(true));
            ok(ADMIN_ID, ADMIN_SECRET, "kms", "put-key-policy", "--key-id", keyId, "--policy-name", "default",
                    "--policy", "file://" + policyFile);
            e = denied(APP_ID, APP_SECRET, "kms", "decrypt", "--ciphertext-blob", "fileb://" + blob42,
                    "--encryption-context", "tenant=42");
            assertTrue(e.contains("with an explicit deny in a resource-based policy"), e);
        }
    }

    private Path encrypt(String keyId, Path secret, String context) throws Exception {
        JsonNode r = ok(ADMIN_ID, ADMIN_SECRET, "kms", "encrypt", "--key-id", keyId, "--plaintext",
                "fileb://" + secret, "--encryption-context", context);
        Path blob = dir.resolve(context.replace('=', '-') + ".bin");
        Files.write(blob, Base64.getDecoder().decode(r.path("CiphertextBlob").asText()));
        return blob;
    }

    private static byte[] plaintext(JsonNode decrypted) {
        return Base64.getDecoder().decode(decrypted.path("Plaintext").asText());
    }

    private JsonNode ok(String id, String secret, String... args) throws Exception {
        return cli.ok(id, secret, args);
    }

    /** Runs a command that must fail; its error output. */
    private String denied(String id, String secret, String... args) throws Exception {
        return cli.denied(id, secret, args);
    }
}
