package org.envelopejca.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.server.AccessKey;
import org.envelopejca.server.CredentialsFile;
import org.envelopejca.server.KmsServer;
import org.envelopejca.server.RefusalLog;
import org.envelopejca.server.SelfSignedCertificate;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code envelope serve}: the embedded KMS behind an HTTP endpoint that speaks the AWS KMS wire protocol, so that
 * the AWS CLI and the AWS SDKs use it with an endpoint override. Runs until interrupted.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Serve the embedded KMS over HTTP with the AWS KMS wire protocol (SigV4-signed requests, access keys and "
                    + "their permissions from a credentials file). Use it with "
                    + "'aws --endpoint-url URL kms ...' or an SDK's endpoint override. Runs until interrupted.",
            "The first line on standard output is the endpoint URL."})
public final class ServeCommand implements Callable<Integer> {

    static final int DEFAULT_PORT = 4599;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", order = 10,
            description = "TCP port (default " + DEFAULT_PORT + "; 0 picks a free one, which is printed).")
    int port = DEFAULT_PORT;

    @Option(names = "--bind", paramLabel = "ADDRESS", order = 11,
            description = "Address to listen on (default 127.0.0.1: this machine only).")
    String bind = "127.0.0.1";

    @Option(names = "--region", paramLabel = "REGION", order = 12,
            description = "Region clients sign for (default: the embedded KMS's region, us-east-1 unless configured).")
    String region;

    @ArgGroup(exclusive = true, multiplicity = "1", order = 20)
    Credentials credentials;

    static final class Credentials {
        @Option(names = "--credentials", paramLabel = "FILE", required = true,
                description = "Access keys and their permissions (JSON; see the README).")
        Path file;

        @Option(names = "--generate-credentials", paramLabel = "FILE", required = true,
                description = "Like --credentials, but first creates FILE (owner-only permissions) with one new "
                        + "random access key allowed everything, if FILE does not exist.")
        Path generate;
    }

    @Option(names = "--tls", order = 30,
            description = "Serve HTTPS with a self-signed certificate generated at start (printed, and written "
                    + "with --certificate-out, for clients to trust).")
    boolean tls;

    @Option(names = "--certificate-out", paramLabel = "FILE", order = 31,
            description = "With --tls: write the certificate (PEM) here, e.g. for 'aws --ca-bundle FILE'.")
    Path certificateOut;

    @Mixin
    KmsOptions kms = new KmsOptions();

    /** The parent command, for the environment; null when this command runs on its own (tests). */
    @ParentCommand
    EnvelopeCli cli;

    @Option(names = "--audit-log", paramLabel = "FILE", order = 50,
            description = "Where requests refused before reaching the KMS (authentication, permissions, malformed, "
                    + "overload) are recorded (default: endpoint-audit.log in the embedded KMS's directory).")
    Path auditLog;

    @Option(names = "--workers", paramLabel = "N", order = 51,
            description = "Requests served at once (default 8).")
    int workers = 8;

    @Option(names = "--queue", paramLabel = "N", order = 52,
            description = "Requests waiting for a worker; beyond that the answer is 503 ThrottlingException "
                    + "(default 256).")
    int queue = 256;

    /** Counted down to stop a running server (tests; Ctrl-C stops the JVM instead). */
    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be 0..65535");
        }
        if (workers < 1 || queue < 1) {
            throw new UsageException("--workers and --queue must be at least 1");
        }
        if (certificateOut != null && !tls) {
            throw new UsageException("--certificate-out needs --tls");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UsageException("--bind: unknown address " + bind);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        limitSlowClients();
        Map<String, AccessKey> keys = credentials(err);
        KmsSession session = KmsSession.open(kms, cli != null ? cli.env() : System.getenv(), err);
        LocalKms local = session.local();
        if (local == null) {
            session.close();
            throw new UsageException("serve needs the embedded KMS (kms=local); the configuration names "
                    + session.config().kms());
        }
        KeyStoreConfig config = session.config();
        KmsServer server = null;
        try {
            String signingRegion = region != null ? region : local.region();
            Path refusals = auditLog != null ? auditLog : config.localPath().resolve("endpoint-audit.log");
            KmsServer.Builder builder = KmsServer.builder().localKms(local).region(signingRegion).credentials(keys)
                    .bind(address).port(port).workers(workers).queueCapacity(queue)
                    .refusalLog(RefusalLog.open(refusals, signingRegion, local.account()));
            SelfSignedCertificate certificate = null;
            if (tls) {
                certificate = SelfSignedCertificate.generate(bind, Duration.ofDays(365));
                builder.tls(certificate.sslContext());
            }
            server = builder.start();
            out.println(server.endpoint());
            out.println("envelope serve: the embedded KMS in " + config.localPath() + ", region " + signingRegion
                    + ", " + keys.size() + (keys.size() == 1 ? " access key" : " access keys")
                    + "; refused requests are recorded in " + refusals);
            if (certificate != null) {
                if (certificateOut != null) {
                    Files.writeString(certificateOut, certificate.pem(), StandardCharsets.US_ASCII,
                            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                    out.println("envelope serve: certificate written to " + certificateOut);
                }
                out.print(certificate.pem());
            }
            if (!address.isLoopbackAddress() && !tls) {
                err.println("envelope serve: warning: listening on " + bind + " without --tls: requests and answers "
                        + "(data keys included) cross the network in the clear");
            }
            out.flush();
            err.flush();
            KmsServer running = server;
            Thread hook = new Thread(() -> shutdown(running, session), "envelope-serve-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            return EnvelopeCli.OK;
        } finally {
            shutdown(server, session);
        }
    }

    /**
     * The JDK HTTP server waits forever for a slow request unless told otherwise, which would let a client that
     * trickles bytes hold a worker. Its limits are process-wide system properties, read once: this command owns its
     * process, so it sets them (unless the user did) before the server classes load.
     */
    private static void limitSlowClients() {
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "30");
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", "30");
        }
    }

    /** Stops a running {@link #call()} (it returns 0). */
    public void stop() {
        stop.countDown();
    }

    private static void shutdown(KmsServer server, KmsSession session) {
        if (server != null) {
            server.close();
        }
        try {
            session.close();
        } catch (IOException e) {
            // closing twice or a lock already gone: nothing left to release
        }
    }

    private Map<String, AccessKey> credentials(PrintWriter err) throws UsageException, IOException {
        Path file = credentials.file;
        if (credentials.generate != null) {
            file = credentials.generate;
            if (!Files.exists(file)) {
                AccessKey created = CredentialsFile.generate(file, "envelope-serve");
                err.println("envelope serve: created " + file + " with access key " + created.accessKeyId()
                        + " (its secret is in the file, readable only by you)");
            }
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException("credentials file not found: " + file);
        }
        try {
            return CredentialsFile.read(file);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
