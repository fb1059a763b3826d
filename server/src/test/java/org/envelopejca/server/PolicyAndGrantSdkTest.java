package org.envelopejca.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KmsException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The policy and grant operations through the unmodified AWS SDK for Java v2: the endpoint's access keys act as IAM
 * principals (an old-style name becomes {@code user/NAME}), key policies and grants decide, refusals carry KMS's
 * error names.
 */
class PolicyAndGrantSdkTest {
    static final String ADMIN = "arn:aws:iam::111122223333:user/admin";
    static final String APP = "arn:aws:iam::111122223333:user/orders-app";
    static final byte[] SECRET = "attack at dawn".getBytes(StandardCharsets.UTF_8);

    static String policy(boolean denyApp) {
        return """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"Admin","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/admin"},
                  "Action":"kms:*","Resource":"*"},
                 {"Sid":"AppTenant42","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/orders-app"},
                  "Action":["kms:Decrypt","kms:DescribeKey"],"Resource":"*",
                  "Condition":{"StringEqualsIfExists":{"kms:EncryptionContext:tenant":"42"}}}""" + (denyApp ? """
                ,
                 {"Sid":"NotTheApp","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:user/orders-app"},
                  "Action":"kms:Decrypt","Resource":"*"}""" : "") + "]}";
    }

    @Test
    void keyPoliciesAndGrantsDecideWhatEachAccessKeyMayDo(@TempDir Path dir) throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, List.of("*"))) {
            KmsClient admin = fx.admin();
            KmsClient app = fx.limited();
            String keyId = admin.createKey(r -> r.policy(policy(false))).keyMetadata().keyId();
            assertEquals(policy(false), admin.getKeyPolicy(r -> r.keyId(keyId).policyName("default")).policy());
            assertEquals(List.of("default"), admin.listKeyPolicies(r -> r.keyId(keyId)).policyNames());

            SdkBytes blob42 = admin.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(SECRET))
                    .encryptionContext(Map.of("tenant", "42"))).ciphertextBlob();
            SdkBytes blob43 = admin.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(SECRET))
                    .encryptionContext(Map.of("tenant", "43"))).ciphertextBlob();
            assertArrayEquals(SECRET, app.decrypt(r -> r.ciphertextBlob(blob42)
                    .encryptionContext(Map.of("tenant", "42"))).plaintext().asByteArray());
            KmsException e = refused("AccessDeniedException", () -> app.decrypt(r -> r.ciphertextBlob(blob43)
                    .encryptionContext(Map.of("tenant", "43"))));
            assertTrue(e.getMessage().contains("User: " + APP + " is not authorized to perform: kms:Decrypt"),
                    e.getMessage());
            refused("AccessDeniedException", () -> app.encrypt(r -> r.keyId(keyId)
                    .plaintext(SdkBytes.fromByteArray(SECRET)).encryptionContext(Map.of("tenant", "42"))));

            // the lockout check and malformed documents: refused, nothing changes
            refused("MalformedPolicyDocumentException", () -> admin.putKeyPolicy(r -> r.keyId(keyId)
                    .policyName("default").policy(policy(false).replace("user/admin", "user/nobody"))));
            refused("MalformedPolicyDocumentException", () -> admin.putKeyPolicy(r -> r.keyId(keyId)
                    .policyName("default").policy(policy(false).replace("kms:EncryptionContext:tenant",
                            "kms:ViaService"))));
            assertEquals(policy(false), admin.getKeyPolicy(r -> r.keyId(keyId).policyName("default")).policy());

            // a grant of Encrypt to the app, for tenant 43 only, with and without its token
            CreateGrantResponse grant = admin.createGrant(r -> r.keyId(keyId).granteePrincipal(APP)
                    .retiringPrincipal(ADMIN).operations(GrantOperation.ENCRYPT)
                    .constraints(c -> c.encryptionContextSubset(Map.of("tenant", "43"))));
            app.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(SECRET))
                    .encryptionContext(Map.of("tenant", "43")).grantTokens(grant.grantToken()));
            app.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(SECRET))
                    .encryptionContext(Map.of("tenant", "43", "extra", "x")));
            refused("AccessDeniedException", () -> app.encrypt(r -> r.keyId(keyId)
                    .plaintext(SdkBytes.fromByteArray(SECRET)).encryptionContext(Map.of("tenant", "44"))));
            refused("InvalidGrantTokenException", () -> app.encrypt(r -> r.keyId(keyId)
                    .plaintext(SdkBytes.fromByteArray(SECRET)).encryptionContext(Map.of("tenant", "43"))
                    .grantTokens("not-ours")));
            List<GrantListEntry> grants = admin.listGrants(r -> r.keyId(keyId)).grants();
            assertEquals(1, grants.size());
            assertEquals(grant.grantId(), grants.get(0).grantId());
            assertEquals(Map.of("tenant", "43"), grants.get(0).constraints().encryptionContextSubset());
            assertEquals(1, admin.listRetirableGrants(r -> r.retiringPrincipal(ADMIN)).grants().size());
            refused("AccessDeniedException", () -> app.retireGrant(r -> r.grantToken(grant.grantToken())));
            admin.retireGrant(r -> r.grantToken(grant.grantToken()));
            refused("AccessDeniedException", () -> app.encrypt(r -> r.keyId(keyId)
                    .plaintext(SdkBytes.fromByteArray(SECRET)).encryptionContext(Map.of("tenant", "43"))));
            String second = admin.createGrant(r -> r.keyId(keyId).granteePrincipal(APP).operations(GrantOperation.ENCRYPT))
                    .grantId();
            admin.revokeGrant(r -> r.keyId(keyId).grantId(second));
            assertEquals(0, admin.listGrants(r -> r.keyId(keyId)).grants().size());
            refused("ValidationException", () -> admin.createGrant(r -> r.keyId(keyId).granteePrincipal(APP)
                    .operationsWithStrings("Decrypt", "Fly")));
            refused("ValidationException", () -> admin.createGrant(r -> r.keyId(keyId).granteePrincipal(APP)
                    .operations(GrantOperation.DECRYPT).constraints(c -> c.encryptionContextSubset(Map.of("a", "1"))
                            .encryptionContextEquals(Map.of("a", "1")))));
            assertEquals(0, admin.listGrants(r -> r.keyId(keyId)).grants().size());

            // an explicit Deny overrides the Allow
            admin.putKeyPolicy(r -> r.keyId(keyId).policyName("default").policy(policy(true)));
            e = refused("AccessDeniedException", () -> app.decrypt(r -> r.ciphertextBlob(blob42)
                    .encryptionContext(Map.of("tenant", "42"))));
            assertTrue(e.getMessage().contains("with an explicit deny in a resource-based policy"), e.getMessage());
        }
    }

    private static KmsException refused(String errorCode, Runnable call) {
        KmsException e = assertThrows(KmsException.class, call::run);
        assertEquals(errorCode, e.awsErrorDetails().errorCode(), e.getMessage());
        return e;
    }

}
