package org.envelopejca.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.kms.local.AuditSync;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;

/**
 * GenerateDataKey requests per second from two client threads against the provider's KMS endpoint over the embedded
 * engine, and then against {@code moto_server} (which must be on the PATH) on a free loopback port, in the same run:
 * a fixed number of requests each, after a warmup of at least a tenth of that and at least 5 seconds (the JIT needs
 * a few thousand requests). Two clients, each driving both endpoints: the unmodified AWS SDK v2 KmsClient
 * (URL-connection HTTP client, static credentials, no retries, one client per thread), whose own CPU cost bounds
 * what two shared cores can show, and a plain SigV4-signed HTTP/1.1 keep-alive client of the same wire protocol
 * ({@link WireKmsClient}). Prints the rates and their ratio to moto_server's. A plain main, not JMH, as each side
 * is a server with its own threads.
 * Usage: {@code java -cp benchmarks.jar org.envelopejca.benchmarks.EndpointRate [requests [sdk|wire]]} (default
 * 4000, both clients).
 */
public final class EndpointRate {
    private static final int THREADS = 2;
    private static final long WARMUP_NANOS = 5_000_000_000L;

    private EndpointRate() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        System.out.printf(Locale.ROOT, "JDK %s, %,d GenerateDataKey requests (AES_256) from %d client threads%n%n",
                Runtime.version(), requests, THREADS);
        System.out.println("| client | endpoint | requests/s | ratio to moto | this JVM's CPU µs/request "
                + "| client threads' CPU µs/request |");
        System.out.println("|---|---|--:|--:|--:|--:|");
        List<ClientKind> kinds = args.length > 1 ? List.of(ClientKind.valueOf(
                args[1].equalsIgnoreCase("sdk") ? "AWS_SDK" : args[1].toUpperCase(Locale.ROOT)))
                : List.of(ClientKind.values());
        for (ClientKind kind : kinds) {
            // A first pass, not printed: the SDK needs some 10,000 requests before its CPU per request settles,
            // more than a row's own warmup gives it at the rate of the slower rows.
            envelopeEndpoint(kind, requests, AuditSync.BATCHED);
            Rate batched = envelopeEndpoint(kind, requests, AuditSync.BATCHED);
            Rate everyCall = envelopeEndpoint(kind, requests, AuditSync.EVERY_CALL);
            Rate moto = moto(kind, requests);
            print(kind, "Envelope endpoint, embedded KMS with its defaults (audit lines synced in batches)", batched,
                    moto);
            print(kind, "Envelope endpoint, embedded KMS with AuditSync.EVERY_CALL (a disk sync per call)", everyCall,
                    moto);
            print(kind, "moto_server (another process)", moto, moto);
        }
        System.out.println();
        System.out.println("This JVM's CPU time covers the clients and, for the Envelope endpoint, the server too;"
                + " with moto_server it is the clients' share alone. The client threads' CPU is the clients' own.");
    }

    /** Who sends the requests: the same kind drives both endpoints of a row pair. */
    enum ClientKind {
        /** The AWS SDK v2 KmsClient, as applications use it. */
        AWS_SDK("AWS SDK v2 KmsClient"),
        /** HTTP/1.1 keep-alive over a plain socket, SigV4 signed by hand: the cost of the wire protocol alone. */
        WIRE("plain SigV4 HTTP/1.1 client");

        final String label;

        ClientKind(String label) {
            this.label = label;
        }
    }

    /** Requests per second, and this JVM's CPU time per request over the same interval. */
    record Rate(double perSecond, double cpuMicrosPerRequest, double clientCpuMicrosPerRequest) {
    }

    private static void print(ClientKind kind, String endpoint, Rate rate, Rate moto) {
        System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %.1f | %,.0f | %,.0f |%n", kind.label, endpoint,
                rate.perSecond(), rate.perSecond() / moto.perSecond(), rate.cpuMicrosPerRequest(),
                rate.clientCpuMicrosPerRequest());
    }

    /**
     * {@code auditSync}: with the engine's default a GenerateDataKey's audit line is forced to disk within the batch
     * interval, with {@link AuditSync#EVERY_CALL} before the answer, so that each request waits for a disk sync.
     */
    private static Rate envelopeEndpoint(ClientKind kind, int requests, AuditSync auditSync) throws Exception {
        try (EmbeddedKms kms = EmbeddedKms.open(auditSync, true)) {
            return rate(kind, kms.endpoint(), EmbeddedKms.ACCESS_KEY_ID, EmbeddedKms.SECRET, kms.kms().region(),
                    kms.keyArn(), requests);
        }
    }

    private static Rate moto(ClientKind kind, int requests) throws Exception {
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
            return rate(kind, endpoint, "testing", "testing", "us-east-1", keyArn, requests);
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

    /** One thread's way of sending GenerateDataKey requests. */
    interface DataKeyClient extends AutoCloseable {
        void generateDataKey() throws Exception;

        @Override
        void close() throws IOException;
    }

    private static DataKeyClient dataKeyClient(ClientKind kind, URI endpoint, String id, String secret, String region,
                                               String keyArn) {
        if (kind == ClientKind.WIRE) {
            return new WireKmsClient(endpoint, id, secret, region, keyArn);
        }
        KmsClient sdk = client(endpoint, id, secret);
        return new DataKeyClient() {
            @Override
            public void generateDataKey() {
                sdk.generateDataKey(b -> b.keyId(keyArn).keySpec(DataKeySpec.AES_256));
            }

            @Override
            public void close() {
                sdk.close();
            }
        };
    }

    /** Warmup, then the timed requests split over the threads; requests per second of the timed part. */
    private static Rate rate(ClientKind kind, URI endpoint, String id, String secret, String region, String keyArn,
                             int requests) throws Exception {
        List<DataKeyClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int t = 0; t < THREADS; t++) {
                clients.add(dataKeyClient(kind, endpoint, id, secret, region, keyArn));
            }
            warmup(pool, clients, Math.max(THREADS, requests / 10));
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            long clientCpu = run(pool, clients, requests);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Rate(requests / seconds, (os.getProcessCpuTime() - cpuStart) / 1e3 / requests,
                    clientCpu / 1e3 / requests);
        } finally {
            pool.shutdownNow();
            for (DataKeyClient c : clients) {
                c.close();
            }
        }
    }

    /**
     * At least {@code requests} and at least {@link #WARMUP_NANOS} of requests: the JIT needs a few thousand
     * requests before the Java side (clients and endpoint) runs compiled, which a tenth of a short run is not.
     */
    private static void warmup(ExecutorService pool, List<DataKeyClient> clients, int requests) throws Exception {
        long deadline = System.nanoTime() + WARMUP_NANOS;
        do {
            run(pool, clients, requests);
        } while (System.nanoTime() < deadline);
    }

    /** Runs the requests; returns the CPU nanoseconds the client threads spent on them. */
    private static long run(ExecutorService pool, List<DataKeyClient> clients, int requests) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Future<Long>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            DataKeyClient client = clients.get(t);
            int share = requests / THREADS + (t < requests % THREADS ? 1 : 0);
            done.add(pool.submit(() -> {
                long cpu = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < share; i++) {
                    client.generateDataKey();
                }
                return threads.getCurrentThreadCpuTime() - cpu;
            }));
        }
        long cpu = 0;
        for (Future<Long> f : done) {
            cpu += f.get();
        }
        return cpu;
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


    /**
     * A GenerateDataKey client of the wire protocol alone (KMS awsJson1_1): one HTTP/1.1 keep-alive connection over
     * a plain socket, {@code POST /} with {@code X-Amz-Target: TrentService.GenerateDataKey}, signed with AWS
     * Signature Version 4 (headers content-type, host, x-amz-date, x-amz-target; the signing key derived once per
     * date), its own code independent of the endpoint's verifier. Reconnects when the server closes.
     */
    static final class WireKmsClient implements DataKeyClient {
        private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC);
        private static final String SIGNED_HEADERS = "content-type;host;x-amz-date;x-amz-target";
        private static final String TARGET = "TrentService.GenerateDataKey";

        private final String hostHeader;
        private final InetSocketAddress address;
        private final String accessKeyId;
        private final String secret;
        private final String region;
        private final byte[] body;
        private final String payloadHash;
        private final Mac mac;
        private final MessageDigest sha256;
        private String signingDate;
        private byte[] signingKey;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        WireKmsClient(URI endpoint, String accessKeyId, String secret, String region, String keyArn) {
            this.hostHeader = endpoint.getHost() + ":" + endpoint.getPort();
            this.address = new InetSocketAddress(endpoint.getHost(), endpoint.getPort());
            this.accessKeyId = accessKeyId;
            this.secret = secret;
            this.region = region;
            this.body = ("{\"KeyId\":\"" + keyArn + "\",\"KeySpec\":\"AES_256\"}").getBytes(StandardCharsets.UTF_8);
            try {
                this.mac = Mac.getInstance("HmacSHA256");
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            this.payloadHash = HexFormat.of().formatHex(sha256.digest(body));
        }

        @Override
        public void generateDataKey() throws IOException {
            byte[] request = request(Instant.now());
            if (socket == null) {
                connect();
            }
            out.write(request);
            out.flush();
            readResponse();
        }

        private void connect() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, 10_000);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        /** The whole request, signed (AWS General Reference, "Create a signed AWS API request"). */
        byte[] request(Instant now) {
            String amzDate = AMZ_DATE.format(now);
            String date = amzDate.substring(0, 8);
            String canonical = "POST\n/\n\n"
                    + "content-type:application/x-amz-json-1.1\n"
                    + "host:" + hostHeader + "\n"
                    + "x-amz-date:" + amzDate + "\n"
                    + "x-amz-target:" + TARGET + "\n\n"
                    + SIGNED_HEADERS + "\n" + payloadHash;
            String scope = date + "/" + region + "/kms/aws4_request";
            String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                    + HexFormat.of().formatHex(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
            String signature = HexFormat.of().formatHex(hmac(signingKey(date), stringToSign));
            String head = "POST / HTTP/1.1\r\n"
                    + "Host: " + hostHeader + "\r\n"
                    + "Content-Type: application/x-amz-json-1.1\r\n"
                    + "X-Amz-Target: " + TARGET + "\r\n"
                    + "X-Amz-Date: " + amzDate + "\r\n"
                    + "Authorization: AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + scope
                    + ", SignedHeaders=" + SIGNED_HEADERS + ", Signature=" + signature + "\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "Connection: keep-alive\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(headBytes, headBytes.length + body.length);
            System.arraycopy(body, 0, all, headBytes.length, body.length);
            return all;
        }

        private byte[] signingKey(String date) {
            if (!date.equals(signingDate)) {
                byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
                k = hmac(k, region);
                k = hmac(k, "kms");
                signingKey = hmac(k, "aws4_request");
                signingDate = date;
            }
            return signingKey;
        }

        private byte[] hmac(byte[] key, String data) {
            try {
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        }

        /** Status line, headers, a Content-Length body (or one up to the end of the stream); 200 expected. */
        private void readResponse() throws IOException {
            String status = line();
            if (status == null) {
                throw new IOException("the server closed the connection");
            }
            boolean close = status.startsWith("HTTP/1.0");
            long length = -1;
            String header;
            while ((header = line()) != null && !header.isEmpty()) {
                int colon = header.indexOf(':');
                String name = colon < 0 ? header : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = colon < 0 ? "" : header.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("connection")) {
                    close = value.equalsIgnoreCase("close");
                }
            }
            byte[] answer = length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
            if (length < 0) {
                close = true;
            }
            if (!status.startsWith("HTTP/1.1 200") && !status.startsWith("HTTP/1.0 200")) {
                throw new IOException(status + ": " + new String(answer, StandardCharsets.UTF_8));
            }
            if (close) {
                close();
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
                }
                sb.append((char) b);
            }
            return sb.length() == 0 ? null : sb.toString();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }
    }
}
