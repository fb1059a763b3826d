package org.envelopejca.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.envelopejca.kms.aws.AwsHttpClient;
import org.envelopejca.kms.aws.AwsKms;
import org.envelopejca.kms.aws.AwsKmsConfig;
import org.envelopejca.kms.local.AuditSync;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;

/**
 * Latency of one GenerateDataKey (AES-256) through the {@code aws} engine ({@link AwsKms}, the AWS SDK v2 KmsClient
 * inside) against the provider's KMS endpoint over the embedded engine on loopback, in one JVM: one client thread,
 * one call at a time, so each figure is a whole round trip (SDK marshalling and signing, the HTTP client, the
 * endpoint, the engine). Each named HTTP client (values of the KeyStore property {@code aws.http-client}; none: the
 * engine's default) gets its own engine; {@code sdk:NAME} times the SDK's KmsClient alone with one of the SDK's HTTP
 * clients ({@code url-connection}, {@code apache5}, {@code apache}, {@code crt}), the candidates. After a warmup of
 * at least 5 seconds each, the clients take turns in rounds of a tenth of the calls, so that they share the machine's
 * load alike. Prints p50, p99 and calls per second of the
 * timed calls. A plain main, not JMH, as the endpoint is a server with its own threads.
 * Usage: {@code java -cp benchmarks.jar org.envelopejca.benchmarks.AwsKmsLatency [calls [client ...]]} (default
 * 5000 calls per client, the engine's default client), e.g. {@code 5000 url-connection apache5 sdk:crt}.
 */
public final class AwsKmsLatency {
    private static final long WARMUP_NANOS = 5_000_000_000L;
    private static final int ROUNDS = 10;
    private static final Map<String, String> CONTEXT = Map.of("purpose", "benchmark");
    private static final String SDK_PREFIX = "sdk:";

    private AwsKmsLatency() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        if (calls < ROUNDS) {
            throw new IllegalArgumentException("calls must be at least " + ROUNDS);
        }
        List<String> names = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("");
        System.out.printf(Locale.ROOT, "JDK %s, %,d GenerateDataKey calls (AES_256) per HTTP client, one thread, "
                + "through the aws engine against the KMS endpoint on loopback%n%n", Runtime.version(), calls);
        try (EmbeddedKms kms = EmbeddedKms.open(AuditSync.BATCHED, true)) {
            List<Side> sides = new ArrayList<>();
            try {
                for (String name : names) {
                    if (name.startsWith(SDK_PREFIX)) {
                        sides.add(sdkSide(name, kms, calls));
                        continue;
                    }
                    AwsKmsConfig.Builder config = AwsKmsConfig.builder()
                            .region(EmbeddedKms.REGION)
                            .endpoint(kms.endpoint())
                            .staticCredentials(EmbeddedKms.ACCESS_KEY_ID, EmbeddedKms.SECRET, null)
                            .maxAttempts(1);
                    if (!name.isEmpty()) {
                        config.httpClient(AwsHttpClient.ofConfigName(name));
                    }
                    AwsKms engine = AwsKms.create(config.build());
                    String keyArn = kms.keyArn();
                    sides.add(new Side("aws engine, " + (name.isEmpty() ? "its default" : name),
                            () -> engine.generateDataKey(keyArn, 32, CONTEXT).destroy(), engine::close,
                            new long[calls]));
                }
                for (Side side : sides) {
                    long deadline = System.nanoTime() + WARMUP_NANOS;
                    do {
                        for (int i = 0; i < 1000; i++) {
                            side.call().run();
                        }
                    } while (System.nanoTime() < deadline);
                }
                int perRound = calls / ROUNDS;
                for (int round = 0; round < ROUNDS; round++) {
                    int from = round * perRound;
                    int to = round == ROUNDS - 1 ? calls : from + perRound;
                    for (Side side : sides) {
                        side.time(from, to);
                    }
                }
                System.out.println("| HTTP client | p50 µs | p99 µs | calls/s |");
                System.out.println("|---|--:|--:|--:|");
                for (Side side : sides) {
                    long[] sorted = side.nanos().clone();
                    Arrays.sort(sorted);
                    System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f |%n", side.name(),
                            percentile(sorted, 50) / 1e3, percentile(sorted, 99) / 1e3,
                            sorted.length / (side.total() / 1e9));
                }
            } finally {
                for (Side side : sides) {
                    side.closer().close();
                }
            }
        }
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /**
     * {@code sdk:NAME}: the SDK's KmsClient alone with HTTP client NAME ({@code url-connection}, {@code apache5},
     * {@code apache}: Apache HttpClient 4, {@code crt}: the AWS Common Runtime's native client), default settings,
     * no retries: the candidates for the engine, without the engine.
     */
    private static Side sdkSide(String name, EmbeddedKms kms, int calls) {
        String client = name.substring(SDK_PREFIX.length());
        SdkHttpClient http = switch (client) {
            case "url-connection" -> UrlConnectionHttpClient.create();
            case "apache5" -> Apache5HttpClient.create();
            case "apache" -> ApacheHttpClient.create();
            case "crt" -> AwsCrtHttpClient.create();
            default -> throw new IllegalArgumentException("no SDK HTTP client " + client);
        };
        KmsClient sdk = KmsClient.builder()
                .endpointOverride(kms.endpoint())
                .region(Region.of(EmbeddedKms.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        EmbeddedKms.ACCESS_KEY_ID, EmbeddedKms.SECRET)))
                .httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        String keyArn = kms.keyArn();
        return new Side("SDK KmsClient alone, " + client, () -> sdk.generateDataKey(b -> b.keyId(keyArn)
                .keySpec(DataKeySpec.AES_256).encryptionContext(CONTEXT)), () -> {
                    sdk.close();
                    http.close();
                }, new long[calls]);
    }

    /** One GenerateDataKey. */
    private interface Call {
        void run() throws Exception;
    }

    /** One HTTP client's way of calling, how to close it, and its timed calls' nanoseconds. */
    private record Side(String name, Call call, AutoCloseable closer, long[] nanos) {
        void time(int from, int to) throws Exception {
            for (int i = from; i < to; i++) {
                long start = System.nanoTime();
                call.run();
                nanos[i] = System.nanoTime() - start;
            }
        }

        long total() {
            long sum = 0;
            for (long n : nanos) {
                sum += n;
            }
            return sum;
        }
    }
}
