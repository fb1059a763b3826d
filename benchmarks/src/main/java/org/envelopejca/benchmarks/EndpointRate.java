package org.envelopejca.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.envelopejca.kms.server.AccessKey;
import org.envelopejca.kms.server.KmsServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;

/**
 * GenerateDataKey requests per second from two client threads (the unmodified AWS SDK v2 KmsClient: URL-connection
 * HTTP client, static credentials, no retries, one client per thread) against the provider's KMS endpoint over the
 * embedded engine, and then against {@code moto_server} (which must be on the PATH) on a free loopback port, in
 * the same run: a fixed number of requests each, after a warmup of a tenth of that. Prints both rates and their
 * ratio. A plain main, not JMH, as each side is a server with its own threads.
 * Usage: {@code java -cp benchmarks.jar org.envelopejca.benchmarks.EndpointRate [requests]} (default 4000).
 */
public final class EndpointRate {
    private static final int THREADS = 2;
    private static final String ACCESS_KEY_ID = "EKIABENCHMARK0000001";
    private static final String SECRET = "benchmark-secret-0123456789abcdefg";

    private EndpointRate() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        System.out.printf(Locale.ROOT, "JDK %s, %,d GenerateDataKey requests (AES_256) from %d client threads%n%n",
                Runtime.version(), requests, THREADS);
        Rate synced = envelopeEndpoint(requests, true);
        Rate unsynced = envelopeEndpoint(requests, false);
        Rate moto = moto(requests);
        System.out.println("| endpoint | requests/s | ratio to moto | this JVM's CPU µs/request |");
        System.out.println("|---|--:|--:|--:|");
        print("Envelope endpoint, embedded KMS with its defaults (audit log synced per call)", synced, moto);
        print("Envelope endpoint, embedded KMS with syncAudit(false)", unsynced, moto);
        print("moto_server (another process)", moto, moto);
        System.out.println();
        System.out.println("This JVM's CPU time covers the SDK clients and, for the Envelope endpoint, the server too;"
                + " with moto_server it is the clients' share alone.");
    }

    /** Requests per second, and this JVM's CPU time per request over the same interval. */
    record Rate(double perSecond, double cpuMicrosPerRequest) {
    }

    private static void print(String endpoint, Rate rate, Rate moto) {
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %.1f | %,.0f |%n", endpoint, rate.perSecond(),
                rate.perSecond() / moto.perSecond(), rate.cpuMicrosPerRequest());
    }

    /**
     * {@code syncAudit}: the engine's default forces every audit line to disk before it answers, so a GenerateDataKey
     * costs a disk sync; without it the figure shows the endpoint itself.
     */
    private static Rate envelopeEndpoint(int requests, boolean syncAudit) throws Exception {
        Path dir = Files.createTempDirectory("envelope-endpoint-rate");
        LocalKmsOptions options = LocalKmsOptions.builder().syncAudit(syncAudit).build();
        try (LocalKms local = LocalKms.open(dir.resolve("kms"), options)) {
            String keyArn = local.createKey(CreateKeyRequest.symmetric("benchmark")).arn();
            KmsServer server = KmsServer.builder()
                    .localKms(local)
                    .bind(InetAddress.getLoopbackAddress())
                    .credentials(Map.of(ACCESS_KEY_ID, new AccessKey(ACCESS_KEY_ID, SECRET, "benchmark", null,
                            Set.of("*"), List.of("*"))))
                    .start();
            try {
                return rate(server.endpoint(), ACCESS_KEY_ID, SECRET, keyArn, requests);
            } finally {
                server.close();
            }
        } finally {
            delete(dir);
        }
    }

    private static Rate moto(int requests) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process moto = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            awaitListening(port, moto);
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            String keyArn;
            try (KmsClient admin = client(endpoint, "testing", "testing")) {
                keyArn = admin.createKey(b -> b.description("benchmark")).keyMetadata().arn();
            }
            return rate(endpoint, "testing", "testing", keyArn, requests);
        } finally {
            moto.destroy();
            moto.waitFor();
        }
    }

    private static void awaitListening(int port, Process process) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("moto_server exited with " + process.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IOException("moto_server did not listen on port " + port + " within 60 s");
    }

    /** Warmup, then the timed requests split over the threads; requests per second of the timed part. */
    private static Rate rate(URI endpoint, String id, String secret, String keyArn, int requests) throws Exception {
        List<KmsClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int t = 0; t < THREADS; t++) {
                clients.add(client(endpoint, id, secret));
            }
            run(pool, clients, keyArn, Math.max(THREADS, requests / 10));
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            run(pool, clients, keyArn, requests);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Rate(requests / seconds, (os.getProcessCpuTime() - cpuStart) / 1e3 / requests);
        } finally {
            pool.shutdownNow();
            clients.forEach(KmsClient::close);
        }
    }

    private static void run(ExecutorService pool, List<KmsClient> clients, String keyArn, int requests)
            throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            KmsClient client = clients.get(t);
            int share = requests / THREADS + (t < requests % THREADS ? 1 : 0);
            done.add(pool.submit(() -> {
                for (int i = 0; i < share; i++) {
                    client.generateDataKey(b -> b.keyId(keyArn).keySpec(DataKeySpec.AES_256));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
    }

    private static KmsClient client(URI endpoint, String id, String secret) {
        return KmsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .build();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
