package org.envelopejca.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.envelopejca.kms.DataKeyResult;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.aws.AwsHttpClient;
import org.envelopejca.kms.aws.AwsKms;
import org.envelopejca.kms.aws.AwsKmsConfig;
import org.envelopejca.kms.local.AuditSync;

/**
 * Latency of one GenerateDataKey (AES-256) through the {@code aws} engine ({@link AwsKms}, the AWS SDK v2 KmsClient
 * inside) against the provider's KMS endpoint over the embedded engine on loopback, in one JVM: one client thread,
 * one call at a time, so each figure is a whole round trip (SDK marshalling and signing, the HTTP client, the
 * endpoint, the engine). Each named HTTP client (values of the KeyStore property {@code aws.http-client}; none: the
 * engine's default) gets its own engine; after a warmup of at least 5 seconds each, the clients take turns in rounds
 * of a tenth of the calls, so that they share the machine's load alike. Prints p50, p99 and calls per second of the
 * timed calls. A plain main, not JMH, as the endpoint is a server with its own threads.
 * Usage: {@code java -cp benchmarks.jar org.envelopejca.benchmarks.AwsKmsLatency [calls [client ...]]} (default
 * 5000 calls per client, the engine's default client).
 */
public final class AwsKmsLatency {
    private static final long WARMUP_NANOS = 5_000_000_000L;
    private static final int ROUNDS = 10;
    private static final Map<String, String> CONTEXT = Map.of("purpose", "benchmark");

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
                    AwsKmsConfig.Builder config = AwsKmsConfig.builder()
                            .region(EmbeddedKms.REGION)
                            .endpoint(kms.endpoint())
                            .staticCredentials(EmbeddedKms.ACCESS_KEY_ID, EmbeddedKms.SECRET, null)
                            .maxAttempts(1);
                    if (!name.isEmpty()) {
                        config.httpClient(AwsHttpClient.ofConfigName(name));
                    }
                    sides.add(new Side(name.isEmpty() ? "(engine default)" : name, AwsKms.create(config.build()),
                            new long[calls]));
                }
                for (Side side : sides) {
                    long deadline = System.nanoTime() + WARMUP_NANOS;
                    do {
                        for (int i = 0; i < 1000; i++) {
                            side.call(kms.keyArn());
                        }
                    } while (System.nanoTime() < deadline);
                }
                int perRound = calls / ROUNDS;
                for (int round = 0; round < ROUNDS; round++) {
                    int from = round * perRound;
                    int to = round == ROUNDS - 1 ? calls : from + perRound;
                    for (Side side : sides) {
                        side.time(kms.keyArn(), from, to);
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
                    side.kms().close();
                }
            }
        }
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** One HTTP client's engine and its timed calls' nanoseconds. */
    private record Side(String name, AwsKms kms, long[] nanos) {
        void call(String keyArn) throws KmsException {
            DataKeyResult key = kms.generateDataKey(keyArn, 32, CONTEXT);
            key.destroy();
        }

        void time(String keyArn, int from, int to) throws KmsException {
            for (int i = from; i < to; i++) {
                long start = System.nanoTime();
                call(keyArn);
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
