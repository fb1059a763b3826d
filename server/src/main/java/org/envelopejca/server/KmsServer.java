package org.envelopejca.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.QuietException;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.local.LocalKms;

/**
 * An HTTP endpoint that speaks the AWS KMS wire protocol (awsJson1_1: {@code POST /},
 * {@code X-Amz-Target: TrentService.<Operation>}) in front of any {@link Kms}, so that the AWS CLI and the AWS SDKs
 * work against it with an endpoint override. Each request is authenticated with SigV4 against the configured
 * access keys, authorized by their policy, and run on a bounded worker pool; a full pool answers 503
 * ThrottlingException at once.
 *
 * <p>The HTTP server is Jetty (core handlers, no servlets). Its threads only move bytes: accepts happen on the
 * selector without blocking, the body is read without holding a thread, and only a complete request goes to the
 * worker pool ({@code workers} at once, {@code queueCapacity} waiting, 503 beyond). A client cannot hold more than
 * a connection: at most {@code maxConnections} are open (further ones wait in the accept backlog), a connection idle
 * for {@code idleTimeout} is closed, a request header (with the TLS handshake on a new connection) must be complete
 * within {@code headerTimeout} and at most {@code maxHeaderBytes} long (else 431), a body must arrive at
 * {@code minRequestDataRate} bytes/s after a grace of {@code bodyGrace} ({@link ConnectionDeadlines}) and be at most
 * {@code maxBodyBytes} long (else 413).
 */
public final class KmsServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KmsServer.class.getName());
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final Server jetty;
    private final ServerConnector connector;
    private final ConnectionDeadlines deadlines;
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
        // A full queue is answered by the caller (a Jetty thread) with a 503: see dispatch.
        this.workers = new ThreadPoolExecutor(b.workers, b.workers, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(b.queueCapacity), new WorkerThreads(), new ThreadPoolExecutor.AbortPolicy());

        // Jetty's own threads: the selector and short non-blocking steps; a few suffice whatever the load.
        QueuedThreadPool io = new QueuedThreadPool(16, 4);
        io.setName("kms-server-io");
        io.setDaemon(true);
        this.jetty = new Server(io);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(b.maxHeaderBytes);
        http.setIdleTimeout(b.idleTimeout.toMillis());
        ConnectionFactory plain = new HttpConnectionFactory(http);
        ConnectionFactory[] factories;
        if (b.sslContext != null) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setSslContext(b.sslContext);
            factories = new ConnectionFactory[] {new SslConnectionFactory(tls, plain.getProtocol()), plain};
        } else {
            factories = new ConnectionFactory[] {plain};
        }
        // no acceptor threads: connections are accepted by the selector, without blocking
        this.connector = new ServerConnector(jetty, 0, 1, factories);
        connector.setHost(b.bind.getHostAddress());
        connector.setPort(b.port);
        connector.setAcceptQueueSize(b.backlog);
        connector.setIdleTimeout(b.idleTimeout.toMillis());
        this.deadlines = new ConnectionDeadlines(b.headerTimeout, b.bodyGrace, b.minRequestDataRate);
        connector.addBean(deadlines);
        jetty.addConnector(connector);
        jetty.addBean(new NetworkConnectionLimit(b.maxConnections, connector));
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                accept(request, response, callback);
                return true;
            }
        });
        jetty.setErrorHandler(KmsServer::protocolError);
        try {
            jetty.start();
        } catch (Exception e) {
            deadlines.close();
            workers.shutdownNow();
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // the start failure is what matters
            }
            throw e instanceof IOException io2 ? io2 : new IOException("the KMS endpoint did not start", e);
        }
        String host = b.bind.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        this.endpoint = URI.create((b.sslContext != null ? "https" : "http") + "://" + host + ":"
                + connector.getLocalPort());
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

    /** Connections closed for a missed header or body deadline (for tests). */
    long connectionsClosedForSlowness() {
        return deadlines.closedSlow();
    }

    /**
     * Stops accepting, lets running requests finish (at most 2 seconds), stops the workers, writes the refusal log's
     * pending {@code RefusalsDropped} lines.
     */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.log(Level.FINE, "stopping the HTTP server", e);
        }
        deadlines.close();
        if (refusals != null) {
            try {
                refusals.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not write the refusal log's last summary lines", e);
            }
        }
    }

    /** One request from its header to its answer. */
    private final class Exchange {
        final Request request;
        final Response response;
        final Callback callback;
        final String requestId = UUID.randomUUID().toString();
        final ConnectionDeadlines.Tracked tracked;
        private byte[] body = new byte[0];
        private int length;

        Exchange(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.tracked = deadlines.requestBegan(request.getConnectionMetaData().getRemoteSocketAddress());
        }

        String header(String name) {
            return request.getHeaders().get(name);
        }

        /** Reads what has come of the body and asks to be called again when more comes: no thread waits. */
        void read() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this::read);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    // the deadline closed the connection, or the client went away: nobody to answer
                    Throwable failure = chunk.getFailure();
                    finish();
                    callback.failed(new QuietException.Exception("the request body did not arrive", failure));
                    return;
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                int n = bytes.remaining();
                if (length + n > maxBodyBytes) {
                    chunk.release();
                    refuse(tooLarge(), true);
                    return;
                }
                if (length + n > body.length) {
                    body = Arrays.copyOf(body, Math.min(maxBodyBytes, Math.max(length + n, 2 * body.length)));
                }
                bytes.get(body, length, n);
                length += n;
                if (tracked != null) {
                    tracked.bodyRead(n);
                }
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    if (tracked != null) {
                        tracked.bodyDone();
                    }
                    dispatch();
                    return;
                }
            }
        }

        /** A complete request to the worker pool; a full pool is answered 503 here and now. */
        void dispatch() {
            try {
                workers.execute(this::process);
            } catch (RejectedExecutionException e) {
                refuse(new WireError(KmsErrorCode.THROTTLING.awsName(), 503, "Rate exceeded"), true);
            }
        }

        private void process() {
            Operation op = Operation.fromTarget(header("X-Amz-Target"));
            SignedRequest signed = null;
            AccessKey key = null;
            try {
                byte[] bytes = length == body.length ? body : Arrays.copyOf(body, length);
                signed = new SignedRequest(request.getMethod(), request.getHttpURI().getPath(),
                        request.getHttpURI().getQuery(), headers(request), bytes);
                key = authenticator.authenticate(signed);
                String target = header("X-Amz-Target");
                if (!request.getMethod().equals("POST") || !"/".equals(request.getHttpURI().getPath()) || op == null) {
                    throw WireError.client(WireError.UNKNOWN_OPERATION, target == null ? "An X-Amz-Target header "
                            + "naming a KMS operation is required" : "Unknown operation " + target);
                }
                ObjectNode json = parse(bytes);
                Kms kms = views.forCaller(key, sourceIp(), header("User-Agent"));
                ObjectNode answer = operations.call(op, json, key, kms);
                send(200, answer == null ? null : KmsOperations.MAPPER.writeValueAsBytes(answer), false);
            } catch (WireError e) {
                if (!e.fromEngine()) {
                    audit(signed, key, op, e);
                }
                if (e.status() >= 500) {
                    // the engine's own words (a store path, an I/O error) stay in this process's log
                    LOG.log(Level.WARNING, "request " + requestId + " failed: " + e.type() + ": " + e.getMessage());
                    e = new WireError(e.type(), e.status(), "The request could not be completed (request "
                            + requestId + ")");
                }
                sendError(e, false);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "request " + requestId + " failed", e);
                sendError(new WireError(KmsErrorCode.INTERNAL.awsName(), 500, "The request could not be completed "
                        + "(request " + requestId + ")"), false);
            }
        }

        /** A refusal before the worker pool (oversized, overloaded): audited, answered, connection closed. */
        void refuse(WireError e, boolean close) {
            audit(null, null, Operation.fromTarget(header("X-Amz-Target")), e);
            sendError(e, close);
        }

        private void audit(SignedRequest signed, AccessKey key, Operation op, WireError e) {
            if (refusals == null) {
                return;
            }
            String claimed = key != null ? key.accessKeyId() : signed != null
                    ? RequestAuthenticator.claimedAccessKeyId(signed)
                    : RequestAuthenticator.claimedAccessKeyId(header("Authorization"));
            try {
                refusals.refused(clock.instant(), requestId, claimed, key == null ? null : key.principal(),
                        op == null ? null : op.name(), sourceIp(), header("User-Agent"), e.type(), e.getMessage(),
                        e.keyId());
            } catch (IOException | RuntimeException io) {
                LOG.log(Level.WARNING, "could not write the refusal of request " + requestId + " to the audit log",
                        io);
            }
        }

        private String sourceIp() {
            SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
            return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                    ? inet.getAddress().getHostAddress() : null;
        }

        private void sendError(WireError e, boolean close) {
            finish();
            writeError(response, e.status(), requestId, e.type(), e.getMessage(), close, callback);
        }

        private void send(int status, byte[] json, boolean close) {
            finish();
            write(response, status, requestId, json, close, callback);
        }

        private void finish() {
            deadlines.requestEnded(tracked);
        }
    }

    private void accept(Request request, Response response, Callback callback) {
        Exchange ex = new Exchange(request, response, callback);
        String length = ex.header("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                ex.refuse(WireError.client(WireError.SERIALIZATION, "Content-Length is not a number"), true);
                return;
            }
            if (declared > maxBodyBytes) {
                ex.refuse(tooLarge(), true);
                return;
            }
        }
        ex.read();
    }

    private WireError tooLarge() {
        return new WireError(KmsErrorCode.VALIDATION.awsName(), 413, "The request body must be at most "
                + maxBodyBytes + " bytes");
    }

    /** Every header, names lower-cased, values in arrival order. */
    private static Map<String, List<String>> headers(Request request) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (HttpField f : request.getHeaders()) {
            out.computeIfAbsent(f.getLowerCaseName(), k -> new ArrayList<>(1)).add(f.getValue());
        }
        return out;
    }

    /**
     * Errors Jetty answers itself (a malformed request line, a header over the limit, a deadline missed while the
     * answer could still be sent): the same shape and headers as the endpoint's own errors, with the status's reason
     * as the message. Jetty decides whether the connection stays open.
     */
    private static boolean protocolError(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String type = status == HttpStatus.PAYLOAD_TOO_LARGE_413 || status == 431
                ? KmsErrorCode.VALIDATION.awsName() : status >= 500 ? KmsErrorCode.INTERNAL.awsName()
                : WireError.SERIALIZATION;
        writeError(response, status, UUID.randomUUID().toString(), type, HttpStatus.getMessage(status), false,
                callback);
        return true;
    }

    /**
     * Every error the endpoint sends, its own or Jetty's, is written here: the awsJson1_1 error shape of the AWS KMS
     * API Reference ("Common Errors"), a body of {@code __type} and {@code message}, with {@code x-amzn-ErrorType}
     * naming the same type.
     */
    private static void writeError(Response response, int status, String requestId, String type, String message,
                                   boolean close, Callback callback) {
        response.getHeaders().put("x-amzn-ErrorType", type);
        byte[] json;
        try {
            json = KmsOperations.MAPPER.writeValueAsBytes(KmsOperations.MAPPER.createObjectNode()
                    .put("__type", type).put("message", message));
        } catch (JsonProcessingException impossible) {
            json = new byte[0];
        }
        write(response, status, requestId, json, close, callback);
    }

    /** Every answer's headers: the request ID (the SDK's request ID) and the awsJson1_1 content type. */
    private static void write(Response response, int status, String requestId, byte[] json, boolean close,
                              Callback callback) {
        response.setStatus(status);
        response.getHeaders().put("x-amzn-RequestId", requestId);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        if (close) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        response.write(true, json == null ? null : ByteBuffer.wrap(json), callback);
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
        private int maxHeaderBytes = 16 * 1024;
        private int maxConnections = 512;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration headerTimeout = Duration.ofSeconds(10);
        private Duration bodyGrace = Duration.ofSeconds(5);
        private long minRequestDataRate = 4096;
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

        /** Largest request header, request line included (default 16 KiB); longer ones get 431. */
        public Builder maxHeaderBytes(int maxHeaderBytes) {
            if (maxHeaderBytes < 1024) {
                throw new IllegalArgumentException("maxHeaderBytes must be at least 1024");
            }
            this.maxHeaderBytes = maxHeaderBytes;
            return this;
        }

        /** Connections open at once (default 512); further ones wait in the accept backlog. */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1");
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /** A connection with no bytes moving for this long is closed (default 30 s). */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = positive(idleTimeout, "idleTimeout");
            return this;
        }

        /**
         * A request header must be complete within this time of its first byte; on a new connection, of the
         * connection's opening, TLS handshake included (default 10 s).
         */
        public Builder headerTimeout(Duration headerTimeout) {
            this.headerTimeout = positive(headerTimeout, "headerTimeout");
            return this;
        }

        /**
         * After the header, the body must arrive at {@code bytesPerSecond} on average once {@code grace} has passed
         * (default 4096 bytes/s after 5 s), else the connection is closed.
         */
        public Builder minRequestDataRate(long bytesPerSecond, Duration grace) {
            if (bytesPerSecond < 1) {
                throw new IllegalArgumentException("the minimum request data rate must be at least 1 byte/s");
            }
            this.minRequestDataRate = bytesPerSecond;
            this.bodyGrace = positive(grace, "grace");
            return this;
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
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
            CallerViews effective = views == null ? CallerViews.same(kms) : views;
            if (!effective.evaluatesIdentityPolicies()) {
                for (AccessKey key : credentials.values()) {
                    if (key.identityPolicy() != null) {
                        // a Deny in that document would otherwise be ignored: refuse rather than allow more
                        throw new IllegalStateException("access key " + key.accessKeyId() + " has an identity policy "
                                + "document, which only the embedded engine evaluates");
                    }
                }
            }
            return new KmsServer(this);
        }
    }
}
