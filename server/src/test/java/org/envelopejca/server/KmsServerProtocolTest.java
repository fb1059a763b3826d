package org.envelopejca.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.Page;
import org.envelopejca.kms.local.AuditLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wire protocol at the HTTP level: SigV4 refusals (each audited), body limits, malformed requests, overload. */
class KmsServerProtocolTest {
    @TempDir
    static Path dir;
    static ServerFixture fx;
    static RawRequests raw;

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture(dir, List.of("*"));
        raw = new RawRequests(fx.server.endpoint());
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    /** Sends, expects the refusal, and checks that exactly one audit line records it. */
    private static RawRequests.Answer refused(RawRequests.Spec spec, int status, String type) throws Exception {
        int before = fx.refusalAudit().size();
        RawRequests.Answer a = raw.send(spec);
        assertEquals(status, a.status(), a.response().body());
        assertEquals(type, a.type(), a.response().body());
        assertNotNull(a.message());
        String requestId = a.response().headers().firstValue("x-amzn-RequestId").orElseThrow();
        List<JsonNode> audit = fx.refusalAudit();
        assertEquals(before + 1, audit.size(), "one audit line per refused request");
        JsonNode line = audit.get(audit.size() - 1);
        assertEquals(type, line.path("errorCode").asText());
        assertEquals(requestId, line.path("requestID").asText());
        assertTrue(AuditLog.verify(fx.refusals.path()).ok(), "the refusal log's chain holds");
        return a;
    }

    @Test
    void aCorrectlySignedRequestIsServed() throws Exception {
        RawRequests.Spec s = new RawRequests.Spec();
        s.sendContentSha = true;
        RawRequests.Answer a = raw.send(s);
        assertEquals(200, a.status(), a.response().body());
        assertTrue(a.json().path("Keys").isArray());
        assertEquals(KmsServer.CONTENT_TYPE, a.response().headers().firstValue("Content-Type").orElseThrow());
        assertTrue(a.response().headers().firstValue("x-amzn-RequestId").isPresent());
        // an empty body is an empty input
        RawRequests.Spec empty = new RawRequests.Spec();
        empty.body = new byte[0];
        assertEquals(200, raw.send(empty).status());
        // operations without output answer an empty body
        String keyId = raw.send(new RawRequests.Spec().target("CreateKey")).json().path("KeyMetadata")
                .path("KeyId").asText();
        RawRequests.Answer disabled = raw.send(new RawRequests.Spec().target("DisableKey")
                .body("{\"KeyId\":\"" + keyId + "\"}"));
        assertEquals(200, disabled.status());
        assertEquals("", disabled.response().body());
        // timestamps are epoch seconds (numbers)
        JsonNode m = raw.send(new RawRequests.Spec().target("DescribeKey").body("{\"KeyId\":\"" + keyId + "\"}"))
                .json().path("KeyMetadata");
        assertTrue(m.path("CreationDate").isNumber(), m.toString());
        assertEquals("Disabled", m.path("KeyState").asText());
    }

    @Test
    void noAuthorizationHeader() throws Exception {
        RawRequests.Spec s = new RawRequests.Spec();
        s.authorize = false;
        RawRequests.Answer a = refused(s, 400, "MissingAuthenticationTokenException");
        assertEquals("MissingAuthenticationTokenException",
                a.response().headers().firstValue("x-amzn-ErrorType").orElseThrow());
        JsonNode line = fx.refusalAudit().get(fx.refusalAudit().size() - 1);
        assertTrue(line.path("userIdentity").path("accessKeyId").isMissingNode());
        assertEquals("ListKeys", line.path("eventName").asText());
    }

    @Test
    void wrongSecret() throws Exception {
        RawRequests.Spec s = new RawRequests.Spec();
        s.secret = "not-the-secret-0123456789abcdef";
        RawRequests.Answer a = refused(s, 400, "InvalidSignatureException");
        assertTrue(a.message().startsWith("The request signature we calculated does not match"), a.message());
        JsonNode line = fx.refusalAudit().get(fx.refusalAudit().size() - 1);
        assertEquals(ServerFixture.ADMIN_ID, line.path("userIdentity").path("accessKeyId").asText());
    }

    @Test
    void unknownAccessKey() throws Exception {
        RawRequests.Spec s = new RawRequests.Spec();
        s.accessKeyId = "EKIAUNKNOWN000000009";
        refused(s, 400, "UnrecognizedClientException");
        JsonNode line = fx.refusalAudit().get(fx.refusalAudit().size() - 1);
        assertEquals("EKIAUNKNOWN000000009", line.path("userIdentity").path("accessKeyId").asText());
    }

    @Test
    void expiredAndFutureDates() throws Exception {
        RawRequests.Spec old = new RawRequests.Spec();
        old.time = old.time.minus(Duration.ofMinutes(6));
        assertTrue(refused(old, 400, "InvalidSignatureException").message().startsWith("Signature expired"));
        RawRequests.Spec future = new RawRequests.Spec();
        future.time = future.time.plus(Duration.ofMinutes(6));
        assertTrue(refused(future, 400, "InvalidSignatureException").message().startsWith("Signature not yet current"));
        // inside the window: served
        RawRequests.Spec skewed = new RawRequests.Spec();
        skewed.time = skewed.time.minus(Duration.ofMinutes(4));
        assertEquals(200, raw.send(skewed).status());
    }

    @Test
    void wrongRegionAndWrongService() throws Exception {
        RawRequests.Spec region = new RawRequests.Spec();
        region.region = "us-west-2";
        assertTrue(refused(region, 400, "InvalidSignatureException").message().contains("region"));
        RawRequests.Spec service = new RawRequests.Spec();
        service.service = "s3";
        assertTrue(refused(service, 400, "InvalidSignatureException").message().contains("service"));
    }

    @Test
    void bodyChangedAfterSigning() throws Exception {
        RawRequests.Spec s = new RawRequests.Spec().target("DescribeKey").body("{\"KeyId\":\"alias/a\"}");
        s.afterSigning = b -> {
            b[b.length - 3] = 'b';
            return b;
        };
        assertTrue(refused(s, 400, "InvalidSignatureException").message().contains("signature"));
        // with X-Amz-Content-Sha256 sent, the mismatch is found at the header
        s.sendContentSha = true;
        assertTrue(refused(s, 400, "InvalidSignatureException").message().contains("x-amz-content-sha256"));
    }

    @Test
    void hostNotSigned() throws Exception {
        RawRequests.Spec s = new RawRequests.Spec();
        s.signHost = false;
        assertTrue(refused(s, 400, "InvalidSignatureException").message().contains("Host"));
    }

    @Test
    void malformedAuthorizationAndSessionTokens() throws Exception {
        RawRequests.Spec s = new RawRequests.Spec();
        s.authorizationOverride = "AWS4-HMAC-SHA256 Credential=" + ServerFixture.ADMIN_ID + "/20150830";
        refused(s, 400, "IncompleteSignatureException");
        RawRequests.Spec basic = new RawRequests.Spec();
        basic.authorizationOverride = "Basic YWRtaW46YWRtaW4=";
        refused(basic, 400, "IncompleteSignatureException");
        // a token for an access key that has none
        RawRequests.Spec token = new RawRequests.Spec();
        token.extraHeaders.put("X-Amz-Security-Token", "some-token");
        refused(token, 400, "UnrecognizedClientException");
    }

    @Test
    void oversizedBody() throws Exception {
        RawRequests.Spec s = new RawRequests.Spec().target("Encrypt");
        s.body = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(s.body, (byte) ' ');
        RawRequests.Answer a = refused(s, 413, "ValidationException");
        assertTrue(a.message().contains("1048576"), a.message());
    }

    @Test
    void malformedRequests() throws Exception {
        refused(new RawRequests.Spec().target("DescribeKey").body("{\"KeyId\":"), 400, "SerializationException");
        refused(new RawRequests.Spec().target("DescribeKey").body("[1,2]"), 400, "SerializationException");
        refused(new RawRequests.Spec().target("DescribeKey").body("{\"KeyId\":5}"), 400, "SerializationException");
        refused(new RawRequests.Spec().target("Decrypt").body("{\"CiphertextBlob\":\"not base64!\"}"), 400,
                "SerializationException");
        refused(new RawRequests.Spec().target("ListKeys").body("{\"Limit\":\"ten\"}"), 400, "SerializationException");
        refused(new RawRequests.Spec().target("DescribeKey").body("{}"), 400, "ValidationException");
        refused(new RawRequests.Spec().target("Frobnicate"), 400, "UnknownOperationException");
        RawRequests.Spec noTarget = new RawRequests.Spec();
        noTarget.target = null;
        refused(noTarget, 400, "UnknownOperationException");
        // unknown members are ignored
        RawRequests.Answer ok = raw.send(new RawRequests.Spec().body("{\"Limit\":5,\"SomethingNew\":{\"a\":[1]}}"));
        assertEquals(200, ok.status(), ok.response().body());
    }

    @Test
    void engineErrorsAreNotAuditedTwice() throws Exception {
        int refusalsBefore = fx.refusalAudit().size();
        RawRequests.Answer a = raw.send(new RawRequests.Spec().target("DescribeKey")
                .body("{\"KeyId\":\"alias/does-not-exist\"}"));
        assertEquals(400, a.status());
        assertEquals("NotFoundException", a.type());
        assertEquals(refusalsBefore, fx.refusalAudit().size(), "the engine audits what it refused itself");
        JsonNode last = fx.engineAudit().get(fx.engineAudit().size() - 1);
        assertEquals("NotFoundException", last.path("errorCode").asText());
        assertEquals(ServerFixture.ADMIN_ID, last.path("userIdentity").path("accessKeyId").asText());
    }

    /**
     * Errors reach the wire by two ways: the endpoint's own refusals, and the errors Jetty answers before a request
     * reaches the endpoint (a malformed request line, a header over the limit). Both must have the shape of AWS KMS's
     * errors (API Reference, "Common Errors"; awsJson1_1): a JSON body of exactly {@code __type} and {@code message},
     * the awsJson1_1 content type, {@code x-amzn-ErrorType} naming the same type, and a request ID.
     */
    @Test
    void errorsFromTheEndpointAndFromTheHttpLayerHaveOneShape() throws Exception {
        String host = "Host: " + fx.server.endpoint().getHost() + "\r\nConnection: close\r\n";
        // the endpoint's: no Authorization header; a body announced over the limit (refused before it is read)
        RawAnswer unsigned = rawExchange("POST / HTTP/1.1\r\n" + host + "Content-Type: " + KmsServer.CONTENT_TYPE
                + "\r\nX-Amz-Target: TrentService.ListKeys\r\nContent-Length: 2\r\n\r\n{}");
        RawAnswer announcedTooLarge = rawExchange("POST / HTTP/1.1\r\n" + host + "Content-Type: "
                + KmsServer.CONTENT_TYPE + "\r\nX-Amz-Target: TrentService.ListKeys\r\nContent-Length: 2000000\r\n\r\n");
        // Jetty's: a request line that is not HTTP; a header over the 16 KiB limit
        RawAnswer badRequestLine = rawExchange("NOT HTTP AT ALL\r\n\r\n");
        RawAnswer headerTooLarge = rawExchange("POST / HTTP/1.1\r\n" + host + "User-Agent: " + "A".repeat(20 * 1024)
                + "\r\nContent-Length: 2\r\n\r\n{}");

        assertErrorShape(unsigned, 400, "MissingAuthenticationTokenException");
        assertErrorShape(announcedTooLarge, 413, "ValidationException");
        assertErrorShape(badRequestLine, 400, "SerializationException");
        assertErrorShape(headerTooLarge, 431, "ValidationException");
        // and the same headers, whichever way the error came (but Connection, which says whether the connection
        // stays open: here the endpoint's cases asked for a close, and Jetty closes after a malformed request)
        Set<String> expected = withoutConnection(unsigned.headers().keySet());
        for (RawAnswer a : List.of(announcedTooLarge, badRequestLine, headerTooLarge)) {
            assertEquals(expected, withoutConnection(a.headers().keySet()), a.statusLine());
        }
    }

    private static Set<String> withoutConnection(Set<String> names) {
        Set<String> out = new TreeSet<>(names);
        out.remove("connection");
        return out;
    }

    private static void assertErrorShape(RawAnswer a, int status, String type) throws Exception {
        assertTrue(a.statusLine().startsWith("HTTP/1.1 " + status + " "), a.statusLine());
        assertEquals(KmsServer.CONTENT_TYPE, a.headers().get("content-type"), a.statusLine());
        assertEquals(type, a.headers().get("x-amzn-errortype"), a.statusLine());
        String requestId = a.headers().get("x-amzn-requestid");
        assertTrue(requestId != null && !requestId.isBlank(), a.statusLine() + " " + a.headers());
        JsonNode body = KmsOperations.MAPPER.readTree(a.body());
        Set<String> members = new TreeSet<>();
        body.fieldNames().forEachRemaining(members::add);
        assertEquals(Set.of("__type", "message"), members, a.body());
        assertEquals(type, body.path("__type").asText(), a.body());
        assertTrue(body.path("message").isTextual() && !body.path("message").asText().isEmpty(), a.body());
    }

    /** An answer read off the socket: status line, headers (names lower-cased, without {@code Date}), body. */
    private record RawAnswer(String statusLine, Map<String, String> headers, String body) {
    }

    /** Sends the bytes on a new connection and reads until the server closes it (every request here closes it). */
    private static RawAnswer rawExchange(String request) throws Exception {
        try (Socket socket = new Socket(fx.server.endpoint().getHost(), fx.server.endpoint().getPort())) {
            socket.setSoTimeout(30_000); // a hang guard, not a timing assertion
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    all.write(buf, 0, n);
                }
            } catch (SocketException reset) {
                // closed with unread request bytes: what came before the reset is the answer
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertTrue(end > 0, "no complete answer: " + text);
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                if (!name.equals("date")) {
                    headers.put(name, lines[i].substring(colon + 1).trim());
                }
            }
            assertEquals(null, headers.get("transfer-encoding"), lines[0]);
            return new RawAnswer(lines[0], headers, text.substring(end + 4));
        }
    }

    /** One worker, one queue slot: a third request while both are taken is answered 503 at once. */
    @Test
    void overloadIsThrottled(@TempDir Path other) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Kms blocking = (Kms) Proxy.newProxyInstance(Kms.class.getClassLoader(), new Class<?>[]{Kms.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("listKeys")) {
                        entered.countDown();
                        assertTrue(release.await(30, TimeUnit.SECONDS));
                        return new Page<>(List.of(), null);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        AccessKey admin = new AccessKey(ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET, "admin", null,
                Set.of("*"), List.of("*"));
        RefusalLog log = RefusalLog.open(other.resolve("refusals.log"), "us-east-1", "111122223333");
        try (KmsServer server = KmsServer.builder().kms(blocking).credentials(Map.of(admin.accessKeyId(), admin))
                .workers(1).queueCapacity(1).refusalLog(log).start()) {
            RawRequests client = new RawRequests(server.endpoint());
            CompletableFuture<RawRequests.Answer> first = CompletableFuture.supplyAsync(() -> sendQuietly(client));
            assertTrue(entered.await(30, TimeUnit.SECONDS));
            CompletableFuture<RawRequests.Answer> second = CompletableFuture.supplyAsync(() -> sendQuietly(client));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (server.queuedRequests() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, server.queuedRequests());
            RawRequests.Answer third = client.send(new RawRequests.Spec());
            assertEquals(503, third.status());
            assertEquals("ThrottlingException", third.type());
            release.countDown();
            assertEquals(200, first.get(30, TimeUnit.SECONDS).status());
            assertEquals(200, second.get(30, TimeUnit.SECONDS).status());
        }
        assertEquals(1, ServerFixture.linesOf(log.path()).size());
        assertEquals("ThrottlingException", ServerFixture.linesOf(log.path()).get(0).path("errorCode").asText());
    }

    private static RawRequests.Answer sendQuietly(RawRequests client) {
        try {
            return client.send(new RawRequests.Spec());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
