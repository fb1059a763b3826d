package org.envelopejca.server;

import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Identity policy documents in the credentials file, through the unmodified AWS SDK for Java against the endpoint.
 * Each expected answer is AWS's, from the page cited beside it:
 * <ul>
 *   <li>KMS-KEY-POLICIES: KMS Developer Guide, "Key policies in AWS KMS" (https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html):
 *       "Unless the key policy explicitly allows it, you cannot use IAM policies to allow access to a KMS key";
 *       "You can use an IAM policy to deny a permission to a KMS key without permission from a key policy".</li>
 *   <li>KMS-DEFAULT: "Default key policy" (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html):
 *       the statement naming the account lets IAM policies allow access.</li>
 *   <li>IAM-EVAL: IAM User Guide, "Policy evaluation for requests within a single account"
 *       (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html):
 *       within one account either an identity-based or a resource-based policy allowing suffices; an explicit deny
 *       in any policy overrides the allow.</li>
 *   <li>KMS-CONDITIONS: "kms:EncryptionContext:context-key"
 *       (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html).</li>
 * </ul>
 */
class IdentityPolicyCredentialsTest {
    static final String ADMIN_ID = "EKIAADMIN00000000001";
    static final String ADMIN_SECRET = "admin-secret-0123456789abcdefghij";
    static final String APP_ID = "EKIAAPPROLE000000001";
    static final String APP_SECRET = "app-secret-0123456789abcdefghijkl";
    static final String LISTED_ID = "EKIALISTED0000000001";
    static final String LISTED_SECRET = "listed-secret-0123456789abcdefghi";
    static final String ROLE = "arn:aws:iam::111122223333:role/app";
    static final byte[] SECRET = "tenant data".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** The role's identity policy: Decrypt of tenant 42 only, DescribeKey, and never anything of tenant 13. */
    static final String APP_POLICY = """
            {"Version":"2012-10-17","Statement":[
             {"Sid":"DecryptTenant42","Effect":"Allow","Action":"kms:Decrypt","Resource":"*",
              "Condition":{"StringEquals":{"kms:EncryptionContext:tenant":"42"}}},
             {"Sid":"Describe","Effect":"Allow","Action":"kms:DescribeKey",
              "Resource":"arn:aws:kms:us-east-1:111122223333:key/*"},
             {"Sid":"NeverTenant13","Effect":"Deny","Action":"kms:*","Resource":"*",
              "Condition":{"StringEquals":{"kms:EncryptionContext:tenant":"13"}}}]}""";

    static final String CREDENTIALS = """
            {"accessKeys": [
              {"accessKeyId": "EKIAADMIN00000000001", "secretAccessKey": "admin-secret-0123456789abcdefghij",
               "principal": "arn:aws:iam::111122223333:user/admin"},
              {"accessKeyId": "EKIAAPPROLE000000001", "secretAccessKey": "app-secret-0123456789abcdefghijkl",
               "principal": "arn:aws:iam::111122223333:role/app", "policy": POLICY},
              {"accessKeyId": "EKIALISTED0000000001", "secretAccessKey": "listed-secret-0123456789abcdefghi",
               "principal": "arn:aws:iam::111122223333:user/listed", "operations": ["Decrypt"],
               "policy": "{\\"Statement\\":{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"kms:*\\",\\"Resource\\":\\"*\\"}}"}
            ]}""".replace("POLICY", APP_POLICY);

    /** A key policy naming the admin and the role (for Encrypt) but not the account: identity policies disabled. */
    static final String NAMES_ROLE_NOT_ACCOUNT = """
            {"Version":"2012-10-17","Statement":[
             {"Sid":"Admin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/admin"},
              "Action":"kms:*","Resource":"*"},
             {"Sid":"RoleEncrypts","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},
              "Action":"kms:Encrypt","Resource":"*"}]}""";

    static Path write(Path dir, String text) throws Exception {
        Path file = dir.resolve("credentials.json");
        Files.writeString(file, text);
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }

    @Test
    void documentsAreReadAsIdentityPoliciesAndOldEntriesKeepWorking(@TempDir Path dir) throws Exception {
        Map<String, AccessKey> keys = CredentialsFile.read(write(dir, CREDENTIALS));
        assertNull(keys.get(ADMIN_ID).identityPolicy());
        assertEquals(3, keys.get(APP_ID).identityPolicy().statements().size());
        assertNotNull(keys.get(LISTED_ID).identityPolicy(), "a document given as a string");
        assertFalse(keys.get(APP_ID).toString().contains(APP_SECRET));
    }

    @Test
    void badDocumentsStopTheFileNamingTheAccessKeyNeverTheSecret(@TempDir Path dir) throws Exception {
        String entry = "{\"accessKeys\": [{\"accessKeyId\": \"EKIAAPPROLE000000001\", \"secretAccessKey\": "
                + "\"app-secret-0123456789abcdefghijkl\", \"policy\": %s}]}";
        for (String bad : List.of(
                // an identity policy names no Principal (IAM User Guide, "Principal": not in identity-based policies)
                "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}",
                // a condition key KMS does not document here
                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"s3.us-east-1.amazonaws.com\"}}}}",
                "{\"Statement\":{\"Effect\":\"Permit\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}",
                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\"}}",
                "[\"kms:*\"]",
                "\"{not json\"",
                "42")) {
            Path file = write(dir, String.format(entry, bad));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CredentialsFile.read(file), bad);
            assertTrue(e.getMessage().contains("the policy of access key " + APP_ID), e.getMessage());
            assertFalse(e.getMessage().contains(APP_SECRET), "no secret in the message: " + e.getMessage());
        }
    }

    @Test
    void anEngineThatCannotEvaluateThemRefusesToStart(@TempDir Path dir) throws Exception {
        Map<String, AccessKey> keys = CredentialsFile.read(write(dir, CREDENTIALS));
        try (LocalKms local = LocalKms.open(dir.resolve("kms"), LocalKmsOptions.defaults())) {
            KmsServer.Builder plain = KmsServer.builder().kms(local).account(local.account()).credentials(keys);
            IllegalStateException e = assertThrows(IllegalStateException.class, plain::start);
            assertTrue(e.getMessage().contains("has an identity policy document"), e.getMessage());
        }
    }

    @Test
    void keyPolicyAndIdentityPolicyDecideInAwsOrder(@TempDir Path dir) throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, CredentialsFile.read(write(dir, CREDENTIALS)))) {
            KmsClient admin = fx.client(ADMIN_ID, ADMIN_SECRET, "us-east-1");
            KmsClient app = fx.client(APP_ID, APP_SECRET, "us-east-1");
            KmsClient listed = fx.client(LISTED_ID, LISTED_SECRET, "us-east-1");

            // the old-style entry is the admin it always was; the default key policy delegates to identity policies
            String delegating = admin.createKey(r -> r.description("default policy")).keyMetadata().keyId();
            SdkBytes blob42 = encrypt(admin, delegating, "42");
            SdkBytes blob43 = encrypt(admin, delegating, "43");
            SdkBytes blob13 = encrypt(admin, delegating, "13");

            // KMS-DEFAULT + KMS-CONDITIONS: the identity policy allows Decrypt of tenant 42 only
            assertArrayEquals(SECRET, decrypt(app, blob42, "42"));
            assertTrue(denied(() -> decrypt(app, blob43, "43"))
                    .contains("because no identity-based policy allows the kms:Decrypt action"));
            // ... and nothing it does not name, though the access key's lists allow every operation
            denied(() -> encrypt(app, delegating, "42"));
            assertEquals(delegating, app.describeKey(r -> r.keyId(delegating)).keyMetadata().keyId());
            // IAM-EVAL: an operation on no key is the identity policy's alone
            denied(() -> app.createKey(r -> r.description("not allowed")));

            // KMS-KEY-POLICIES: a key policy naming the role allows by itself; without naming the account it
            // leaves the identity policy's Allow without effect
            String direct = admin.createKey(r -> r.policy(NAMES_ROLE_NOT_ACCOUNT)).keyMetadata().keyId();
            SdkBytes own = encrypt(app, direct, "42");
            assertTrue(denied(() -> decrypt(app, own, "42"))
                    .contains("because no resource-based policy allows the kms:Decrypt action"));

            // IAM-EVAL + KMS-KEY-POLICIES: the identity policy's Deny wins over the key policy's Allow
            admin.putKeyPolicy(r -> r.keyId(direct).policyName("default")
                    .policy(NAMES_ROLE_NOT_ACCOUNT.replace("\"kms:Encrypt\"", "\"kms:*\"")));
            assertArrayEquals(SECRET, decrypt(app, encrypt(admin, direct, "7"), "7"));
            assertTrue(denied(() -> encrypt(app, direct, "13"))
                    .contains("with an explicit deny in an identity-based policy"));
            assertTrue(denied(() -> decrypt(app, blob13, "13"))
                    .contains("with an explicit deny in an identity-based policy"));

            // the lists still come first: a document allowing kms:* does not reach past operations ["Decrypt"]
            assertArrayEquals(SECRET, decrypt(listed, blob43, "43"));
            denied(() -> encrypt(listed, delegating, "43"));
        }
    }

    private static SdkBytes encrypt(KmsClient c, String keyId, String tenant) {
        return c.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(SECRET))
                .encryptionContext(Map.of("tenant", tenant))).ciphertextBlob();
    }

    private static byte[] decrypt(KmsClient c, SdkBytes blob, String tenant) {
        return c.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("tenant", tenant))).plaintext()
                .asByteArray();
    }

    private static String denied(Runnable call) {
        KmsException e = assertThrows(KmsException.class, call::run);
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode(), e.getMessage());
        return e.getMessage();
    }
}
