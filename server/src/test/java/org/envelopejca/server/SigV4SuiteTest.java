package org.envelopejca.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public SigV4 signing test suite (aws-c-auth, v4, header signing), read where the build says
 * ({@code sigv4.suite.dir}): for each case, the server side rebuilds the canonical request from the signed request's
 * own SignedHeaders and must reach the case's canonical request, string to sign and signature; then the whole
 * signed request goes through the endpoint's verifier at the case's time.
 */
@ExtendWith(SigV4Suite.class)
class SigV4SuiteTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path suiteDir() {
        String dir = System.getProperty("sigv4.suite.dir");
        assertTrue(dir != null && Files.isDirectory(Path.of(dir)), String.format(SigV4Suite.WHY, dir));
        return Path.of(dir);
    }

    @TestFactory
    Stream<DynamicTest> everyCaseOfTheSuite() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(suiteDir())) {
            cases = s.filter(p -> Files.isRegularFile(p.resolve("header-signed-request.txt"))).sorted().toList();
        }
        // the suite has 38 cases; all of them sign headers
        assertEquals(38, cases.size(), "cases in the suite");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(c)));
    }

    private static void check(Path dir) throws Exception {
        JsonNode context = JSON.readTree(dir.resolve("context.json").toFile());
        HttpText signed = HttpText.parse(Files.readAllBytes(dir.resolve("header-signed-request.txt")));
        String authorization = signed.header("authorization");
        RequestAuthenticator.Authorization auth = RequestAuthenticator.parse(authorization);
        Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers);
        headers.remove("authorization");
        String payloadHash = SigV4.hex(SigV4.sha256(signed.body));

        String canonical = SigV4.canonicalRequest(signed.method, signed.path, signed.query, headers,
                auth.signedHeaders(), payloadHash, context.path("normalize").asBoolean(true));
        assertEquals(read(dir, "header-canonical-request.txt"), canonical, "canonical request");

        String amzDate = signed.header("x-amz-date");
        String scope = SigV4.scope(auth.date(), auth.region(), auth.service());
        String stringToSign = SigV4.stringToSign(amzDate, scope, canonical);
        assertEquals(read(dir, "header-string-to-sign.txt"), stringToSign, "string to sign");

        JsonNode creds = context.path("credentials");
        String signature = SigV4.signature(SigV4.signingKey(creds.path("secret_access_key").asText(), auth.date(),
                context.path("region").asText(), context.path("service").asText()), stringToSign);
        assertEquals(read(dir, "header-signature.txt"), signature, "signature");
        assertEquals(signature, auth.signature(), "signature in the signed request");

        // the endpoint's verifier, at the case's time, with the case's credentials
        String token = creds.hasNonNull("token") ? creds.path("token").asText() : null;
        AccessKey key = new AccessKey(creds.path("access_key_id").asText(), creds.path("secret_access_key").asText(),
                null, token, Set.of("*"), List.of("*"));
        Clock at = Clock.fixed(Instant.parse(context.path("timestamp").asText()), ZoneOffset.UTC);
        RequestAuthenticator verifier = new RequestAuthenticator(Map.of(key.accessKeyId(), key),
                context.path("region").asText(), context.path("service").asText(), at);
        SignedRequest request = new SignedRequest(signed.method, signed.path, signed.query, signed.headers, signed.body);
        boolean normalize = context.path("normalize").asBoolean(true);
        if (!normalize && !SigV4.canonicalUri(signed.path, true).equals(SigV4.canonicalUri(signed.path, false))) {
            // cases for S3, which signs the path unnormalized; KMS normalizes, so the verifier computes another path
            WireError e = assertThrows(WireError.class, () -> verifier.authenticate(request));
            assertEquals(WireError.INVALID_SIGNATURE, e.type());
        } else if (token != null && context.path("omit_session_token").asBoolean(false)) {
            // the token was added after signing: a server must not accept an unsigned token
            WireError e = assertThrows(WireError.class, () -> verifier.authenticate(request));
            assertEquals(WireError.INVALID_SIGNATURE, e.type());
        } else {
            assertEquals(key, verifier.authenticate(request));
        }
    }

    /** The KMS-shaped vector of the protocol notes: an Encrypt request signed for kms in us-east-1. */
    @Test
    void kmsShapedVector() throws Exception {
        byte[] body = "{\"KeyId\":\"alias/test\",\"Plaintext\":\"aGVsbG8=\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/x-amz-json-1.1"));
        headers.put("Host", List.of("kms.us-east-1.amazonaws.com"));
        headers.put("X-Amz-Date", List.of("20150830T123600Z"));
        headers.put("X-Amz-Target", List.of("TrentService.Encrypt"));
        List<String> signedHeaders = List.of("content-type", "host", "x-amz-date", "x-amz-target");
        String canonical = SigV4.canonicalRequest("POST", "/", null, headers, signedHeaders,
                SigV4.hex(SigV4.sha256(body)), true);
        String scope = SigV4.scope("20150830", "us-east-1", "kms");
        String secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        String signature = SigV4.signature(SigV4.signingKey(secret, "20150830", "us-east-1", "kms"),
                SigV4.stringToSign("20150830T123600Z", scope, canonical));
        assertEquals("c3de8a8135c5bf024690f8dee2a75d175cda318bc78a3ddaa07c453b069b0ab8", signature);

        headers.put("Authorization", List.of(SigV4.authorization("AKIDEXAMPLE", scope, signedHeaders, signature)));
        AccessKey key = new AccessKey("AKIDEXAMPLE", secret, null, null, Set.of("*"), List.of("*"));
        RequestAuthenticator verifier = new RequestAuthenticator(Map.of("AKIDEXAMPLE", key), "us-east-1",
                Clock.fixed(Instant.parse("2015-08-30T12:38:00Z"), ZoneOffset.UTC));
        assertEquals(key, verifier.authenticate(new SignedRequest("POST", "/", null, headers, body)));

        // one byte of the body changed after signing
        byte[] changed = body.clone();
        changed[changed.length - 3] ^= 1;
        WireError e = assertThrows(WireError.class,
                () -> verifier.authenticate(new SignedRequest("POST", "/", null, headers, changed)));
        assertEquals(WireError.INVALID_SIGNATURE, e.type());
    }

    private static String read(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    /** A request as the suite writes it: request line, headers (folded lines continue a value), blank line, body. */
    static final class HttpText {
        String method;
        String path;
        String query;
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        byte[] body = new byte[0];

        static HttpText parse(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            HttpText r = new HttpText();
            int blank = text.indexOf("\n\n");
            String head = blank < 0 ? text : text.substring(0, blank);
            if (blank >= 0) {
                r.body = text.substring(blank + 2).getBytes(StandardCharsets.UTF_8);
            }
            String[] lines = head.split("\n");
            String[] requestLine = lines[0].split(" ");
            r.method = requestLine[0];
            // the target may contain spaces: everything between the method and the protocol
            String target = lines[0].substring(r.method.length() + 1, lines[0].lastIndexOf(' '));
            int q = target.indexOf('?');
            r.path = q < 0 ? target : target.substring(0, q);
            r.query = q < 0 ? null : target.substring(q + 1);
            String lastName = null;
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                if (line.isEmpty()) {
                    continue;
                }
                if ((line.startsWith(" ") || line.startsWith("\t")) && lastName != null) {
                    List<String> values = r.headers.get(lastName);
                    values.set(values.size() - 1, values.get(values.size() - 1) + " " + line.strip());
                    continue;
                }
                int colon = line.indexOf(':');
                lastName = line.substring(0, colon).toLowerCase(Locale.ROOT);
                r.headers.computeIfAbsent(lastName, k -> new ArrayList<>()).add(line.substring(colon + 1));
            }
            return r;
        }

        String header(String name) {
            List<String> v = headers.get(name);
            return v == null ? null : String.join(",", v);
        }
    }
}
