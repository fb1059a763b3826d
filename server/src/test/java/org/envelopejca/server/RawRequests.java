package org.envelopejca.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Hand-signed requests to the endpoint (JDK HTTP client, HTTP/1.1), so that tests can break one thing at a time:
 * the secret, the scope, the time, what is signed, the body after signing.
 */
final class RawRequests {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI endpoint;

    RawRequests(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** What to sign and send; each field can be changed by a test. */
    static final class Spec {
        String accessKeyId = ServerFixture.ADMIN_ID;
        String secret = ServerFixture.ADMIN_SECRET;
        String region = "us-east-1";
        String service = "kms";
        Instant time = Instant.now();
        String target = "TrentService.ListKeys";
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        boolean signHost = true;
        boolean sendContentSha = false;
        boolean authorize = true;
        Map<String, String> extraHeaders = new LinkedHashMap<>();
        /** Applied to the body after signing. */
        UnaryOperator<byte[]> afterSigning = b -> b;
        String authorizationOverride;

        Spec body(String json) {
            body = json.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        Spec target(String operation) {
            target = "TrentService." + operation;
            return this;
        }
    }

    record Answer(int status, String type, String message, JsonNode json, HttpResponse<String> response) {
    }

    Answer send(Spec s) throws IOException, InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", KmsServer.CONTENT_TYPE);
        headers.put("host", endpoint.getHost() + ":" + endpoint.getPort());
        headers.put("x-amz-date", AMZ_DATE.format(s.time));
        if (s.target != null) {
            headers.put("x-amz-target", s.target);
        }
        String payloadHash = SigV4.hex(SigV4.sha256(s.body));
        if (s.sendContentSha) {
            headers.put("x-amz-content-sha256", payloadHash);
        }
        s.extraHeaders.forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        List<String> signed = new ArrayList<>(headers.keySet());
        if (!s.signHost) {
            signed.remove("host");
        }
        signed.sort(null);
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((k, v) -> multi.put(k, List.of(v)));
        String date = AMZ_DATE.format(s.time).substring(0, 8);
        String scope = SigV4.scope(date, s.region, s.service);
        String canonical = SigV4.canonicalRequest("POST", "/", null, multi, signed, payloadHash, true);
        String signature = SigV4.signature(SigV4.signingKey(s.secret, date, s.region, s.service),
                SigV4.stringToSign(AMZ_DATE.format(s.time), scope, canonical));

        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint.resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(s.afterSigning.apply(s.body.clone())));
        headers.forEach((k, v) -> {
            if (!k.equals("host")) {
                rb.header(k, v);
            }
        });
        if (s.authorize) {
            rb.header("Authorization", s.authorizationOverride != null ? s.authorizationOverride
                    : SigV4.authorization(s.accessKeyId, scope, signed, signature));
        }
        HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? null : KmsOperations.MAPPER.readTree(r.body());
        return new Answer(r.statusCode(), json == null ? null : json.path("__type").asText(null),
                json == null ? null : json.path("message").asText(null), json, r);
    }
}
