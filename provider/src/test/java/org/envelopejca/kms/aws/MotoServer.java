package org.envelopejca.kms.aws;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Moto server (a local imitation of AWS services) for the tests of the {@code aws} engine. Used with
 * {@code @ExtendWith(MotoServer.class)}; test classes read {@link #endpoint()}.
 *
 * <p>Where it comes from: the environment variable {@code MOTO_ENDPOINT} (a server started by CI), else a
 * {@code moto_server} on the PATH, started once for the whole test run on a free loopback port and stopped when the
 * run ends. With neither, the tests fail when {@code CI=true} (CI must not silently skip them) and are skipped
 * otherwise, saying why: the class is disabled by a condition (so Surefire counts it as skipped, not as nothing).
 */
public final class MotoServer implements ExecutionCondition, BeforeAllCallback {
    public static final String ENDPOINT_VARIABLE = "MOTO_ENDPOINT";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private static volatile URI endpoint;

    /** The server's URL; valid in test classes extended with this extension. */
    public static URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("no Moto server: extend the test class with MotoServer");
        }
        return endpoint;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Running running = running(context);
        if (running.problem() == null) {
            return ConditionEvaluationResult.enabled("Moto at " + running.endpoint());
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but no Moto server: " + running.problem());
        }
        System.err.println("SKIPPED " + context.getDisplayName() + ": AWS engine tests need Moto: " + running.problem());
        return ConditionEvaluationResult.disabled("AWS engine tests need Moto: " + running.problem());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        endpoint = running(context).endpoint();
    }

    private static Running running(ExtensionContext context) {
        // The root store outlives every test class: one server for the run, closed when the run ends.
        return context.getRoot().getStore(ExtensionContext.Namespace.create(MotoServer.class))
                .getOrComputeIfAbsent(Running.class, k -> start(), Running.class);
    }

    private static Running start() {
        String given = System.getenv(ENDPOINT_VARIABLE);
        if (given != null && !given.isBlank()) {
            URI uri = URI.create(given.trim());
            return reachable(uri) ? new Running(uri, null, null)
                    : new Running(null, null, ENDPOINT_VARIABLE + "=" + given + " does not answer");
        }
        Path program = onPath("moto_server");
        if (program == null) {
            return new Running(null, null, "set " + ENDPOINT_VARIABLE + " or put moto_server (pip install "
                    + "'moto[server]') on the PATH");
        }
        try {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Path log = Files.createTempFile("moto-server", ".log");
            log.toFile().deleteOnExit();
            Process process = new ProcessBuilder(program.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            URI uri = URI.create("http://127.0.0.1:" + port);
            Instant deadline = Instant.now().plus(STARTUP);
            while (!reachable(uri)) {
                if (!process.isAlive()) {
                    return new Running(null, null, "moto_server exited at start: " + Files.readString(log).strip());
                }
                if (Instant.now().isAfter(deadline)) {
                    stop(process);
                    return new Running(null, null, "moto_server did not answer within " + STARTUP);
                }
                Thread.sleep(100);
            }
            // Should the run end without the store closing (a killed JVM), do not leave the server behind.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process)));
            return new Running(uri, process, null);
        } catch (IOException e) {
            return new Running(null, null, "cannot start moto_server: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Running(null, null, "interrupted while starting moto_server");
        }
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean reachable(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.resolve("/moto-api/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static void stop(Process process) {
        // A launcher script may have started the server as its child: stop the children too.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server of this run (process null when CI started it), or why there is none. */
    private record Running(URI endpoint, Process process, String problem) implements AutoCloseable {
        @Override
        public void close() {
            if (process != null) {
                stop(process);
            }
        }
    }
}
