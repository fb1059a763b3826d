package org.envelopejca.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The AWS CLI ({@code aws}) as a client of the endpoint, in an isolated environment: a fresh HOME, no AWS
 * configuration or credentials file, no instance metadata, no pager, one attempt per call; credentials only through
 * the environment of each run. {@link Boto3} does the same for Python's boto3.
 */
final class AwsCli {
    private final Path aws;
    private final Path dir;
    private final String endpoint;

    /**
     * @param aws      the CLI ({@link #require()})
     * @param dir      a private folder: the CLI's HOME and working directory, where its output is kept
     * @param endpoint the endpoint's URL, given to every run as {@code --endpoint-url}
     */
    AwsCli(Path aws, Path dir, String endpoint) throws IOException {
        this.aws = aws;
        this.dir = Files.createDirectories(dir);
        this.endpoint = endpoint;
    }

    /** The {@code aws} on the PATH; the test is aborted (skipped) without one, except under CI=true (a failure). */
    static Path require() {
        Path found = findOnPath("aws");
        if (found == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("the AWS CLI (aws) is not on the PATH, and CI=true");
            }
            Assumptions.abort("the AWS CLI (aws) is not on the PATH");
        }
        return found;
    }

    record Result(int exit, String stdout, String stderr) {
    }

    /** Runs a command that must succeed; its JSON output (an empty object when it printed nothing). */
    JsonNode ok(String id, String secret, String... args) throws Exception {
        Result r = run(id, secret, args);
        assertEquals(0, r.exit(), "aws " + String.join(" ", args) + " failed: " + r.stderr());
        return r.stdout().isBlank() ? KmsOperations.MAPPER.createObjectNode() : KmsOperations.MAPPER.readTree(r.stdout());
    }

    /** Runs a command that must fail; its error output. */
    String denied(String id, String secret, String... args) throws Exception {
        Result r = run(id, secret, args);
        assertTrue(r.exit() != 0, "aws " + String.join(" ", args) + " succeeded: " + r.stdout());
        return r.stderr();
    }

    Result run(String id, String secret, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(aws.toString());
        command.addAll(List.of("--endpoint-url", endpoint));
        command.addAll(List.of(args));
        command.addAll(List.of("--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("HOME", dir.toString());
        env.put("AWS_ACCESS_KEY_ID", id);
        env.put("AWS_SECRET_ACCESS_KEY", secret);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        // no configuration of the machine's user may change what the CLI sends
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        env.put("AWS_MAX_ATTEMPTS", "1");
        Path out = dir.resolve("aws-out.txt");
        Path err = dir.resolve("aws-err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            fail("aws " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path candidate = Path.of(d).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
