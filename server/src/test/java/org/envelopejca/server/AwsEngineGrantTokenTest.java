package org.envelopejca.server;

import org.envelopejca.kms.CreateGrantRequest;
import org.envelopejca.kms.GrantResult;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.aws.AwsKms;
import org.envelopejca.kms.aws.AwsKmsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The {@code aws} engine's grant tokens on data-key calls, against {@code envelope serve} over the embedded engine,
 * which checks every token it is given (InvalidGrantTokenException for one it did not issue) and enforces grants:
 * the token reaches the endpoint on GenerateDataKey, Encrypt, Decrypt and DescribeKey, and a grant the key policy
 * does not duplicate is what lets the grantee in. Grants here take effect at once, so a call without the token is
 * allowed as well (KMS: a grant may need its token until it is visible everywhere).
 */
class AwsEngineGrantTokenTest {
    static final String APP = "arn:aws:iam::111122223333:user/orders-app";
    static final String ADMIN_ONLY = """
            {"Version":"2012-10-17","Statement":[{"Sid":"Admin","Effect":"Allow",
             "Principal":{"AWS":"arn:aws:iam::111122223333:user/admin"},"Action":"kms:*","Resource":"*"}]}""";

    private static AwsKms engine(ServerFixture fx, String id, String secret) {
        return AwsKms.create(AwsKmsConfig.builder().region("us-east-1").endpoint(fx.server.endpoint())
                .staticCredentials(id, secret, null).maxAttempts(1).build());
    }

    @Test
    void dataKeyCallsCarryTheCallersGrantTokens(@TempDir Path dir) throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, List.of("*"));
             AwsKms app = engine(fx, ServerFixture.LIMITED_ID, ServerFixture.LIMITED_SECRET);
             AwsKms adminEngine = engine(fx, ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET)) {
            KmsClient admin = fx.admin();
            String keyId = admin.createKey(r -> r.policy(ADMIN_ONLY)).keyMetadata().keyId();
            Map<String, String> tenant42 = Map.of("tenant", "42");
            byte[] blob = admin.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("for the app"))
                    .encryptionContext(tenant42)).ciphertextBlob().asByteArray();

            // no grant yet: the key policy names the admin only
            assertEquals(KmsErrorCode.ACCESS_DENIED, assertThrows(KmsException.class,
                    () -> app.decrypt(blob, keyId, tenant42, null)).code());

            GrantResult grant = adminEngine.createGrant(
                    new CreateGrantRequest(keyId, APP, null, List.of("Decrypt", "Encrypt", "GenerateDataKey",
                            "DescribeKey"), null, tenant42, null, List.of()));
            AwsKms withToken = app.withGrantTokens(List.of(grant.grantToken()));
            assertArrayEquals("for the app".getBytes(StandardCharsets.UTF_8),
                    withToken.decrypt(blob, keyId, tenant42, null).plaintext());
            byte[] own = withToken.encrypt(keyId, new byte[]{7}, tenant42, null).ciphertextBlob();
            assertArrayEquals(new byte[]{7}, withToken.decrypt(own, keyId, tenant42, null).plaintext());
            assertEquals(32, withToken.generateDataKey(keyId, 32, tenant42).plaintext().length);
            assertEquals(keyId, withToken.describeKey(keyId).keyId());
            // the constraint holds with the token too
            assertEquals(KmsErrorCode.ACCESS_DENIED, assertThrows(KmsException.class,
                    () -> withToken.generateDataKey(keyId, 32, Map.of("tenant", "43"))).code());

            // the tokens travel: a token the endpoint did not issue is refused on every data-key call
            AwsKms forged = app.withGrantTokens(List.of("EnvGT1notatokenofours"));
            for (ThrowingCall call : List.<ThrowingCall>of(
                    () -> forged.decrypt(blob, keyId, tenant42, null),
                    () -> forged.encrypt(keyId, new byte[]{1}, tenant42, null),
                    () -> forged.generateDataKey(keyId, 32, tenant42),
                    () -> forged.describeKey(keyId))) {
                assertEquals(KmsErrorCode.INVALID_GRANT_TOKEN, assertThrows(KmsException.class, call::run).code());
            }

            // revoked: the token no longer lets the grantee in
            admin.revokeGrant(r -> r.keyId(keyId).grantId(grant.grantId()));
            assertEquals(KmsErrorCode.ACCESS_DENIED, assertThrows(KmsException.class,
                    () -> withToken.decrypt(blob, keyId, tenant42, null)).code());
        }
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }
}
