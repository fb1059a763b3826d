package org.envelopejca.kms.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A tiny KMS imitation on a loopback port for what Moto cannot do: answer with faults on purpose (5xx, throttling,
 * slowness, dropped connections), and show which region each call was signed for. In {@link Mode#FAKE} it keeps
 * data keys in memory and decrypts a ciphertext for any key ARN with the same key ID (a multi-Region key's
 * replicas), answering with the ARN asked for; it lists five keys and aliases in pages (Moto ignores Limit).
 */
final class KmsStub implements AutoCloseable {
    enum Mode { FAKE, SERVER_ERROR, THROTTLING, DISABLED, ACCESS_DENIED, SLOW, DROP_CONNECTION }

    /** One request as the stub saw it. */
    record Call(String operation, String region, String keyId) {
    }

    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/kms/aws4_request");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How many keys and aliases ListKeys and ListAliases report. */
    static final int LISTED = 5;

    private final HttpServer server;
    private final String scheme;
    /** The request target of each request as sent: a path, or an absolute URI when it came through a proxy. */
    private final List<URI> requestTargets = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Ciphertext (base64) to the key ID it belongs to and the plaintext (base64). */
    private final Map<String, String[]> dataKeys = new ConcurrentHashMap<>();
    private volatile Mode mode = Mode.FAKE;
    private volatile long slowMillis = 2000;

    KmsStub() throws IOException {
        this(null);
    }

    /** With {@code tls}, an HTTPS server with that context's key and certificate. */
    KmsStub(SSLContext tls) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(loopback, 0);
            scheme = "http";
        } else {
            HttpsServer https = HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
            scheme = "https";
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<URI> requestTargets() {
        return List.copyOf(requestTargets);
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    void slowMillis(long millis) {
        this.slowMillis = millis;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    void clearCalls() {
        calls.clear();
        requestTargets.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requestTargets.add(exchange.getRequestURI());
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher m = SCOPE.matcher(authorization == null ? "" : authorization);
            String region = m.find() ? m.group(1) : null;
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String keyId = body.hasNonNull("KeyId") ? body.get("KeyId").asText() : null;
            calls.add(new Call(operation, region, keyId));
            switch (mode) {
                case SERVER_ERROR -> error(exchange, 500, "KMSInternalException");
                case THROTTLING -> error(exchange, 400, "ThrottlingException");
                case DISABLED -> error(exchange, 400, "DisabledException");
                case ACCESS_DENIED -> error(exchange, 400, "AccessDeniedException");
                case SLOW -> {
                    try {
                        Thread.sleep(slowMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    fake(exchange, operation, keyId, body);
                }
                // Closing the exchange before any response headers drops the connection.
                case DROP_CONNECTION -> exchange.getResponseBody().close();
                case FAKE -> fake(exchange, operation, keyId, body);
            }
        }
    }

    private void fake(HttpExchange exchange, String operation, String keyId, JsonNode body) throws IOException {
        ObjectNode answer = JSON.createObjectNode();
        switch (operation) {
            case "GenerateDataKey" -> {
                byte[] plaintext = new byte[body.get("NumberOfBytes").asInt()];
                byte[] blob = new byte[48];
                RANDOM.nextBytes(plaintext);
                RANDOM.nextBytes(blob);
                String b64Blob = Base64.getEncoder().encodeToString(blob);
                String b64Plain = Base64.getEncoder().encodeToString(plaintext);
                dataKeys.put(b64Blob, new String[] {resourceId(keyId), b64Plain});
                answer.put("KeyId", keyId).put("Plaintext", b64Plain).put("CiphertextBlob", b64Blob);
            }
            case "Decrypt" -> {
                String[] known = dataKeys.get(body.get("CiphertextBlob").asText());
                if (known == null || keyId == null || !known[0].equals(resourceId(keyId))) {
                    error(exchange, 400, "IncorrectKeyException");
                    return;
                }
                answer.put("KeyId", keyId).put("Plaintext", known[1]).put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
            }
            case "DescribeKey" -> answer.putObject("KeyMetadata")
                    .put("KeyId", resourceId(keyId))
                    .put("Arn", keyId.startsWith("arn:") ? keyId : "arn:aws:kms:us-east-1:111122223333:key/" + keyId)
                    .put("KeySpec", "SYMMETRIC_DEFAULT")
                    .put("KeyState", "Enabled")
                    .put("MultiRegion", resourceId(keyId).startsWith("mrk-"))
                    .putArray("EncryptionAlgorithms").add("SYMMETRIC_DEFAULT");
            case "ListKeys", "ListAliases" -> {
                // Five entries, paged by Limit; the marker is the index of the next entry.
                int limit = body.hasNonNull("Limit") ? body.get("Limit").asInt() : 100;
                int from = body.hasNonNull("Marker") ? Integer.parseInt(body.get("Marker").asText()) : 0;
                boolean keys = operation.equals("ListKeys");
                var items = answer.putArray(keys ? "Keys" : "Aliases");
                for (int i = from; i < Math.min(LISTED, from + limit); i++) {
                    String id = String.format("%08d-0000-0000-0000-000000000000", i);
                    String arn = "arn:aws:kms:us-east-1:111122223333:key/" + id;
                    if (keys) {
                        items.addObject().put("KeyId", id).put("KeyArn", arn);
                    } else {
                        items.addObject().put("AliasName", "alias/a" + i).put("TargetKeyId", id)
                                .put("AliasArn", "arn:aws:kms:us-east-1:111122223333:alias/a" + i)
                                .put("CreationDate", 1_700_000_000 + i);
                    }
                }
                boolean truncated = from + limit < LISTED;
                answer.put("Truncated", truncated);
                if (truncated) {
                    answer.put("NextMarker", Integer.toString(from + limit));
                }
            }
            default -> {
                error(exchange, 400, "UnsupportedOperationException");
                return;
            }
        }
        send(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    private static String resourceId(String keyId) {
        return keyId.substring(keyId.lastIndexOf('/') + 1);
    }

    private static void error(HttpExchange exchange, int status, String type) throws IOException {
        send(exchange, status, ("{\"__type\":\"" + type + "\",\"message\":\"stub answer\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "stub-request");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
