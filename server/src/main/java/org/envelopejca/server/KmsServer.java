package org.envelopejca.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.local.LocalKms;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An HTTP endpoint that speaks the AWS KMS wire protocol (awsJson1_1: {@code POST /},
 * {@code X-Amz-Target: TrentService.<Operation>}) in front of any {@link Kms}, so that the AWS CLI and the AWS SDKs
 * work against it with an endpoint override. Each request is authenticated with SigV4 against the configured
 * access keys, authorized by their policy, and run on a bounded worker pool; a full pool answers 503
 * ThrottlingException at once.
 *
 * <p>The JDK server has no per-server read timeouts: a process that embeds this endpoint should set the system
 * properties {@code sun.net.httpserver.maxReqTime} and {@code maxRspTime} (seconds) before the first server starts,
 * as {@code envelope serve} does, so that a client trickling a request cannot hold a worker indefinitely.
 */
public final class KmsServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KmsServer.class.getName());
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    /** Bytes of an oversized body read and thrown away so the client sees the 413, not a broken pipe. */
    private static final long DRAIN_LIMIT = 16L * 1024 * 1024;
    static {
        // Without TCP_NODELAY the JDK server's separate writes of response headers and body meet the client's
        // delayed ACK: about 40 ms lost per request (15 requests/s instead of 100+ on one connection). The JDK reads
        // this once, when its server classes load; an application that set it already keeps its choice.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Set while the dispatcher thread answers a request the full pool rejected. */
    private static final ThreadLocal<Boolean> OVERLOADED = new ThreadLocal<>();

    private final HttpServer http;
    private final ThreadPoolExecutor workers;
    private final URI endpoint;
    private final RequestAuthenticator authenticator;
    private final KmsOperations operations;
    private final CallerViews views;
    private final RefusalLog refusals;
    private final int maxBodyBytes;
    private final Clock clock;

    private KmsServer(Builder b) throws IOException {
        this.authenticator = new RequestAuthenticator(b.credentials, b.region, b.clock);
        Authorizer authorizer = new Authorizer(b.kms, b.account == null ? "000000000000" : b.account);
        this.operations = new KmsOperations(b.kms, authorizer, b.region, b.account);
        this.views = b.views == null ? CallerViews.same(b.kms) : b.views;
        this.refusals = b.refusals;
        this.maxBodyBytes = b.maxBodyBytes;
        this.clock = b.clock;
        this.workers = new ThreadPoolExecutor(b.workers, b.workers, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(b.queueCapacity), new WorkerThreads(), answerOverloaded());
        InetSocketAddress address = new InetSocketAddress(b.bind, b.port);
        if (b.sslContext != null) {
            HttpsServer https = HttpsServer.create(address, b.backlog);
            https.setHttpsConfigurator(new HttpsConfigurator(b.sslContext));
            this.http = https;
        } else {
            this.http = HttpServer.create(address, b.backlog);
        }
        http.createContext("/", this::handle);
        http.setExecutor(workers);
        http.start();
        InetSocketAddress bound = http.getAddress();
        String host = bound.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        this.endpoint = URI.create((b.sslContext != null ? "https" : "http") + "://" + host + ":" + bound.getPort());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The URL clients use ({@code --endpoint-url}, {@code endpointOverride}). */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    /** Requests waiting for a worker (for tests). */
    int queuedRequests() {
        return workers.getQueue().size();
    }

    /** Stops accepting, lets running requests finish (at most 2 seconds), stops the workers. */
    @Override
    public void close() {
        http.stop(0);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A full pool: the dispatcher thread itself answers the request, and only with a 503 (the handler sees
     * {@link #OVERLOADED}), so the dispatcher is never held by real work.
     */
    private static RejectedExecutionHandler answerOverloaded() {
        return (task, executor) -> {
            OVERLOADED.set(Boolean.TRUE);
            try {
                task.run();
            } finally {
                OVERLOADED.remove();
            }
        };
    }

    private void handle(HttpExchange ex) {
        String requestId = UUID.randomUUID().toString();
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        Operation op = Operation.fromTarget(target);
        SignedRequest request = null;
        AccessKey key = null;
        try {
            ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
            if (Boolean.TRUE.equals(OVERLOADED.get())) {
                ex.getResponseHeaders().set("Connection", "close");
                throw new WireError(KmsErrorCode.THROTTLING.awsName(), 503, "Rate exceeded");
            }
            byte[] body = readBody(ex);
            URI uri = ex.getRequestURI();
            request = new SignedRequest(ex.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    ex.getRequestHeaders(), body);
            key = authenticator.authenticate(request);
            if (!ex.getRequestMethod().equals("POST") || !"/".equals(uri.getRawPath()) || op == null) {
                throw WireError.client(WireError.UNKNOWN_OPERATION, target == null ? "An X-Amz-Target header naming "
                        + "a KMS operation is required" : "Unknown operation " + target);
            }
            ObjectNode json = parse(body);
            Kms kms = views.forCaller(key.principal(), key.accessKeyId(), sourceIp(ex),
                    ex.getRequestHeaders().getFirst("User-Agent"));
            ObjectNode answer = operations.call(op, json, key, kms);
            respond(ex, 200, answer == null ? null : KmsOperations.MAPPER.writeValueAsBytes(answer));
        } catch (WireError e) {
            if (!e.fromEngine()) {
                audit(ex, requestId, request, key, op, e);
            }
            respondError(ex, e.status(), e.type(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "request " + requestId + " failed", e);
            respondError(ex, 500, KmsErrorCode.INTERNAL.awsName(), "The request could not be completed (request "
                    + requestId + ")");
        } finally {
            ex.close();
        }
    }

    /** The body, at most {@code maxBodyBytes}; a longer one is a 413 ValidationException. */
    private byte[] readBody(HttpExchange ex) throws IOException, WireError {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        InputStream in = ex.getRequestBody();
        int initial = 1024;
        WireError tooLarge = new WireError(KmsErrorCode.VALIDATION.awsName(), 413,
                "The request body must be at most " + maxBodyBytes + " bytes");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw WireError.client(WireError.SERIALIZATION, "Content-Length is not a number");
            }
            if (declared > maxBodyBytes) {
                drain(ex, in);
                throw tooLarge;
            }
            initial = (int) Math.max(0, declared);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(initial);
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > maxBodyBytes) {
                drain(ex, in);
                throw tooLarge;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static void drain(HttpExchange ex, InputStream in) throws IOException {
        ex.getResponseHeaders().set("Connection", "close");
        long skipped = 0;
        byte[] buf = new byte[65536];
        int n;
        while (skipped < DRAIN_LIMIT && (n = in.read(buf)) > 0) {
            skipped += n;
        }
    }

    private static ObjectNode parse(byte[] body) throws WireError {
        if (body.length == 0) {
            return KmsOperations.MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = KmsOperations.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw WireError.client(WireError.SERIALIZATION, "The request body is not valid JSON");
        } catch (IOException e) {
            throw WireError.client(WireError.SERIALIZATION, "The request body could not be read");
        }
        if (node == null || node.isMissingNode()) {
            return KmsOperations.MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw WireError.client(WireError.SERIALIZATION, "The request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private void audit(HttpExchange ex, String requestId, SignedRequest request, AccessKey key, Operation op,
                       WireError e) {
        if (refusals == null) {
            return;
        }
        String claimed = key != null ? key.accessKeyId()
                : request == null ? null : RequestAuthenticator.claimedAccessKeyId(request);
        try {
            refusals.refused(clock.instant(), requestId, claimed, key == null ? null : key.principal(),
                    op == null ? null : op.name(), sourceIp(ex), ex.getRequestHeaders().getFirst("User-Agent"),
                    e.type(), e.getMessage(), e.keyId());
        } catch (IOException | RuntimeException io) {
            LOG.log(Level.WARNING, "could not write the refusal of request " + requestId + " to the audit log", io);
        }
    }

    private static String sourceIp(HttpExchange ex) {
        InetSocketAddress remote = ex.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }

    private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void respondError(HttpExchange ex, int status, String type, String message) {
        try {
            ex.getResponseHeaders().set("x-amzn-ErrorType", type);
            ObjectNode body = KmsOperations.MAPPER.createObjectNode().put("__type", type).put("message", message);
            respond(ex, status, KmsOperations.MAPPER.writeValueAsBytes(body));
        } catch (IOException | RuntimeException e) {
            // the client went away or the response had begun: nothing more to tell it
            LOG.log(Level.FINE, "could not send an error response", e);
        }
    }

    private static final class WorkerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "kms-server-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    /** How to start a {@link KmsServer}. */
    public static final class Builder {
        private Kms kms;
        private CallerViews views;
        private Map<String, AccessKey> credentials;
        private String region = "us-east-1";
        private String account;
        private InetAddress bind = InetAddress.getLoopbackAddress();
        private int port;
        private int backlog = 128;
        private SSLContext sslContext;
        private int workers = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private int queueCapacity = 256;
        private int maxBodyBytes = 1024 * 1024;
        private RefusalLog refusals;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The engine (callers are not distinguished in its audit unless {@link #callerViews} is set). */
        public Builder kms(Kms kms) {
            this.kms = Objects.requireNonNull(kms, "kms");
            return this;
        }

        /** The local engine, with per-caller views, its region and its account. */
        public Builder localKms(LocalKms local) {
            this.kms = Objects.requireNonNull(local, "local");
            this.views = CallerViews.of(local);
            this.region = local.region();
            this.account = local.account();
            return this;
        }

        public Builder callerViews(CallerViews views) {
            this.views = views;
            return this;
        }

        /** The access keys and their policies ({@link CredentialsFile#read}). */
        public Builder credentials(Map<String, AccessKey> credentials) {
            this.credentials = Map.copyOf(credentials);
            return this;
        }

        /** The region in the credential scope clients must sign for (default us-east-1). */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** The account of the engine's ARNs (for answers and denial messages). */
        public Builder account(String account) {
            this.account = account;
            return this;
        }

        /** The address to listen on (default the loopback address). */
        public Builder bind(InetAddress bind) {
            this.bind = Objects.requireNonNull(bind, "bind");
            return this;
        }

        /** The port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535");
            }
            this.port = port;
            return this;
        }

        /** Serve HTTPS with this context (e.g. {@link SelfSignedCertificate#sslContext()}). */
        public Builder tls(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /** Requests run at once (default 2 per processor, at least 4). */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1");
            }
            this.workers = workers;
            return this;
        }

        /** Requests waiting for a worker before more are answered 503 (default 256). */
        public Builder queueCapacity(int queueCapacity) {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1");
            }
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** Largest request body (default 1 MiB); longer ones get 413. */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** Where requests refused before the engine are audited (none by default). */
        public Builder refusalLog(RefusalLog refusals) {
            this.refusals = refusals;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public KmsServer start() throws IOException {
            Objects.requireNonNull(kms, "kms");
            if (credentials == null || credentials.isEmpty()) {
                throw new IllegalStateException("the endpoint needs at least one access key");
            }
            return new KmsServer(this);
        }
    }
}
