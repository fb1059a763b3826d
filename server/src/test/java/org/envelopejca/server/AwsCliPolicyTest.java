package org.envelopejca.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Key policies and grants driven by the AWS CLI against the endpoint, as the README's "Who may use a key" shows
 * them: a policy that lets a role Decrypt only with {@code tenant=42}, the lockout check, an explicit Deny that
 * overrides an Allow, and a grant with an EncryptionContextSubset constraint, used with and without its token,
 * retired and revoked. About two dozen CLI runs take minutes on a loaded machine, so the flow runs with
 * {@code -Dcli.flows=true} or the stress profile; {@code PolicyAndGrantSdkTest} covers the same calls through the
 * SDK in every build. Skipped when {@code aws} is not on the PATH, except under CI=true.
 */
class AwsCliPolicyTest {
    static final String ADMIN_ID = "EKIAADMIN00000000001";
    static final String ADMIN_SECRET = "admin-secret-0123456789abcdefghij";
    static final String APP_ID = "EKIAAPPROLE000000002";
    static final String APP_SECRET = "app-secret-0123456789abcdefghijkl";
    static final String BOB_ID = "EKIABOB0000000000003";
    static final String BOB_SECRET = "bob-secret-0123456789abcdefghijkl";
    static final String ADMIN = "arn:aws:iam::111122223333:user/admin";
    static final String APP = "arn:aws:iam::111122223333:role/app";
    static final String BOB = "arn:aws:iam::111122223333:user/bob";

    @TempDir
    Path dir;
    Path aws;
    String endpoint;

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
        aws = findOnPath("aws");
        if (aws == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("the AWS CLI (aws) is not on the PATH, and CI=true");
            }
            Assumptions.abort("the AWS CLI (aws) is not on the PATH");
        }
        try (LocalKms local = LocalKms.open(dir.resolve("kms"), LocalKmsOptions.defaults());
             KmsServer server = KmsServer.builder().localKms(local).refusalLog(RefusalLog.open(dir.resolve("endpoint-audit.log"),
                     local.region(), local.account())).credentials(Map.of(
                     // an old-style name (user/admin) and two IAM ARNs; every list allows all: key policies decide
                     ADMIN_ID, new AccessKey(ADMIN_ID, ADMIN_SECRET, "admin", null, Set.of("*"), List.of("*")),
                     APP_ID, new AccessKey(APP_ID, APP_SECRET, APP, null, Set.of("*"), List.of("*")),
                     BOB_ID, new AccessKey(BOB_ID, BOB_SECRET, BOB, null, Set.of("*"), List.of("*")))).start()) {
            endpoint = server.endpoint().toString();
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
        Result r = run(id, secret, args);
        assertEquals(0, r.exit, "aws " + String.join(" ", args) + " failed: " + r.stderr);
        return r.stdout.isBlank() ? KmsOperations.MAPPER.createObjectNode() : KmsOperations.MAPPER.readTree(r.stdout);
    }

    /** Runs a command that must fail; its error output. */
    private String denied(String id, String secret, String... args) throws Exception {
        Result r = run(id, secret, args);
        assertTrue(r.exit != 0, "aws " + String.join(" ", args) + " succeeded: " + r.stdout);
        return r.stderr;
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private Result run(String id, String secret, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(aws.toString());
        command.addAll(List.of("--endpoint-url", endpoint));
        command.addAll(List.of(args));
        command.addAll(List.of("--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", id);
        env.put("AWS_SECRET_ACCESS_KEY", secret);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        env.put("AWS_MAX_ATTEMPTS", "1");
        Path out = dir.resolve("aws-out.txt");
        Path err = dir.resolve("aws-err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("aws " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path candidate = Path.of(d).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
