package org.envelopejca.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * Findings 7 and 9 of the second review: every x-amz-* header sent, X-Amz-Target above all, must be signed (else a
 * captured DescribeKey is replayed as DisableKey within the skew window); and a right and a wrong session token give
 * the same answer when the secret is wrong (no token oracle).
 */
class SignedHeadersTest {

    @Test
    void aDescribeKeySignedWithoutItsTargetCannotBeReplayedAsDisableKey(@TempDir Path dir) throws Exception {
        try (ServerFixture f = new ServerFixture(dir, List.of())) {
            String arn = f.admin().createKey(r -> r.description("replay target")).keyMetadata().arn();
            RawRequests raw = new RawRequests(f.server.endpoint());
            // signed over host and x-amz-date (and content-type) only, as in the review
            RawRequests.Spec replay = new RawRequests.Spec().body("{\"KeyId\":\"" + arn + "\"}");
            replay.target = null;
            replay.unsignedHeaders.put("X-Amz-Target", "TrentService.DisableKey");
            RawRequests.Answer a = raw.send(replay);
            assertEquals(400, a.status(), a.toString());
            assertEquals("InvalidSignatureException", a.type());
            assertTrue(a.message().contains("'X-Amz-Target' must be a 'SignedHeader'"), a.message());
            assertEquals(KeyState.ENABLED, f.admin().describeKey(r -> r.keyId(arn)).keyMetadata().keyState());
            // the same request with its own operation unsigned is refused as well
            RawRequests.Spec unsignedDescribe = new RawRequests.Spec().body("{\"KeyId\":\"" + arn + "\"}");
            unsignedDescribe.target = null;
            unsignedDescribe.unsignedHeaders.put("X-Amz-Target", "TrentService.DescribeKey");
            assertEquals("InvalidSignatureException", raw.send(unsignedDescribe).type());
            // and a signed one goes through
            RawRequests.Spec signed = new RawRequests.Spec().target("DescribeKey").body("{\"KeyId\":\"" + arn + "\"}");
            assertEquals(200, raw.send(signed).status());
            assertEquals("InvalidSignatureException", f.refusalAudit().get(0).path("errorCode").asText());
        }
    }

    @Test
    void everyAmzHeaderSentMustBeSigned(@TempDir Path dir) throws Exception {
        try (ServerFixture f = new ServerFixture(dir, List.of())) {
            RawRequests raw = new RawRequests(f.server.endpoint());
            RawRequests.Spec s = new RawRequests.Spec();
            s.unsignedHeaders.put("X-Amz-Content-Sha256", SigV4.hex(SigV4.sha256(s.body)));
            RawRequests.Answer a = raw.send(s);
            assertEquals("InvalidSignatureException", a.type(), a.toString());
            assertTrue(a.message().contains("'X-Amz-Content-Sha256' must be a 'SignedHeader'"), a.message());
            RawRequests.Spec other = new RawRequests.Spec();
            other.unsignedHeaders.put("X-Amz-Anything", "x");
            assertEquals("InvalidSignatureException", raw.send(other).type());
            // headers that are not x-amz-* may stay unsigned, as the SDKs leave User-Agent
            RawRequests.Spec agent = new RawRequests.Spec();
            agent.unsignedHeaders.put("X-Amzn-Trace-Id", "Root=1-00000000-000000000000000000000000");
            assertEquals(200, raw.send(agent).status());
        }
    }

    @Test
    void aWrongSecretGetsTheSameAnswerWithTheRightOrAWrongSessionToken(@TempDir Path dir) throws Exception {
        AccessKey withToken = new AccessKey(ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET, "admin",
                "the-session-token", Set.of("*"), List.of("*"));
        try (LocalKms local = LocalKms.open(dir.resolve("kms"), LocalKmsOptions.defaults());
             KmsServer server = KmsServer.builder().localKms(local)
                     .credentials(Map.of(ServerFixture.ADMIN_ID, withToken)).start()) {
            RawRequests raw = new RawRequests(server.endpoint());
            RawRequests.Answer rightToken = raw.send(wrongSecret("the-session-token"));
            RawRequests.Answer wrongToken = raw.send(wrongSecret("not-the-session-token"));
            RawRequests.Answer noToken = raw.send(wrongSecret(null));
            for (RawRequests.Answer a : List.of(rightToken, wrongToken, noToken)) {
                assertEquals(rightToken.status(), a.status());
                assertEquals(rightToken.type(), a.type());
                assertEquals(rightToken.message(), a.message());
            }
            assertEquals("InvalidSignatureException", rightToken.type());
            // with the right secret, the token still has to be the access key's
            RawRequests.Spec right = new RawRequests.Spec();
            right.extraHeaders.put("X-Amz-Security-Token", "not-the-session-token");
            assertEquals("UnrecognizedClientException", raw.send(right).type());
            right.extraHeaders.put("X-Amz-Security-Token", "the-session-token");
            assertEquals(200, raw.send(right).status());
        }
    }

    private static RawRequests.Spec wrongSecret(String token) {
        RawRequests.Spec s = new RawRequests.Spec();
        s.secret = "not-the-secret-0123456789abcdefghij";
        if (token != null) {
            s.extraHeaders.put("X-Amz-Security-Token", token);
        }
        return s;
    }
}
