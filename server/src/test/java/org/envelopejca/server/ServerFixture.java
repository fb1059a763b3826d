package org.envelopejca.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A local engine in a directory, an endpoint over it on an ephemeral loopback port, and SDK clients for it. */
final class ServerFixture implements AutoCloseable {
    static final String ADMIN_ID = "EKIAADMIN00000000001";
    static final String ADMIN_SECRET = "admin-secret-0123456789abcdefghij";
    static final String LIMITED_ID = "EKIALIMITED000000002";
    static final String LIMITED_SECRET = "limited-secret-0123456789abcdefgh";

    /** Refusal-log limits under which no test's refusals are dropped. */
    static final RefusalLog.Limits UNLIMITED_REFUSALS = new RefusalLog.Limits(64L * 1024 * 1024, 4, 1_000_000, 1_000_000);

    final LocalKms local;
    final RefusalLog refusals;
    final KmsServer server;
    private final List<KmsClient> clients = new ArrayList<>();

    /**
     * @param limitedKeys the keys the limited access key may use (it may call GenerateDataKey, Decrypt, DescribeKey
     *                    and Encrypt only)
     */
    ServerFixture(Path dir, List<String> limitedKeys, KmsServer.Builder builder) throws Exception {
        this(dir, limitedKeys, builder, UNLIMITED_REFUSALS);
    }

    /** @param refusalLimits what the refusal log may write (RefusalFloodTest: the defaults) */
    ServerFixture(Path dir, List<String> limitedKeys, KmsServer.Builder builder, RefusalLog.Limits refusalLimits)
            throws Exception {
        this(dir, Map.of(
                ADMIN_ID, new AccessKey(ADMIN_ID, ADMIN_SECRET, "admin", null, Set.of("*"), List.of("*")),
                LIMITED_ID, new AccessKey(LIMITED_ID, LIMITED_SECRET, "orders-app", null,
                        Set.of("GenerateDataKey", "Decrypt", "DescribeKey", "Encrypt"), limitedKeys)),
                builder, refusalLimits);
    }

    /** An endpoint with these access keys (e.g. as {@link CredentialsFile#read} gives them). */
    ServerFixture(Path dir, Map<String, AccessKey> creds) throws Exception {
        this(dir, creds, KmsServer.builder(), UNLIMITED_REFUSALS);
    }

    private ServerFixture(Path dir, Map<String, AccessKey> creds, KmsServer.Builder builder,
                          RefusalLog.Limits refusalLimits) throws Exception {
        local = LocalKms.open(dir.resolve("kms"), LocalKmsOptions.defaults());
        // Every refusal of these tests comes from 127.0.0.1, many in a burst: a per-source allowance large enough that
        // each is logged (the default allowance and its drops are RefusalFloodTest's subject).
        refusals = RefusalLog.open(local.auditLogAt(dir.resolve("endpoint-audit.log"), false), local.region(),
                local.account(), refusalLimits, java.time.Clock.systemUTC());
        server = builder.localKms(local).credentials(creds).refusalLog(refusals).start();
    }

    ServerFixture(Path dir, List<String> limitedKeys) throws Exception {
        this(dir, limitedKeys, KmsServer.builder());
    }

    KmsClient admin() {
        return client(ADMIN_ID, ADMIN_SECRET, "us-east-1");
    }

    KmsClient limited() {
        return client(LIMITED_ID, LIMITED_SECRET, "us-east-1");
    }

    /** The unmodified SDK client: endpoint override, static credentials, URL-connection HTTP client, no retries. */
    KmsClient client(String id, String secret, String region) {
        KmsClient c = KmsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .build();
        clients.add(c);
        return c;
    }

    /** The engine's audit events, parsed. */
    List<JsonNode> engineAudit() throws IOException {
        return linesOf(local.auditLogFile());
    }

    List<JsonNode> refusalAudit() throws IOException {
        return linesOf(refusals.path());
    }

    static List<JsonNode> linesOf(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            out.add(KmsOperations.MAPPER.readTree(line));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        clients.forEach(KmsClient::close);
        server.close();
        local.close();
    }
}
