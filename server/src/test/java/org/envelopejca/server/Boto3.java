package org.envelopejca.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Python's boto3 (the AWS SDK for Python) as a client of the endpoint, in an isolated environment: a fresh HOME,
 * no AWS configuration or credentials file, no instance metadata, credentials and endpoint only through the
 * variables a script is given. As a class-level condition: the test class is skipped, saying why, when
 * {@code python3} with boto3 is not on the PATH, except under CI=true, where that is a failure.
 */
public final class Boto3 implements ExecutionCondition {
    static final String WHY = "boto3 flows need python3 with boto3 on the PATH (pip install boto3)";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String problem = problem();
        if (problem == null) {
            return ConditionEvaluationResult.enabled("python3 with boto3");
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + WHY + ": " + problem);
        }
        System.err.println("SKIPPED " + context.getDisplayName() + ": " + WHY + ": " + problem);
        return ConditionEvaluationResult.disabled(WHY + ": " + problem);
    }

    private static String problem() {
        try {
            Path home = Files.createTempDirectory("boto3-probe");
            try {
                Result r = run(home, List.of("-c", "import boto3"), Map.of(), 30);
                if (r.exit() == 0) {
                    return null;
                }
                String[] lines = r.stderr().strip().split("\n");
                return "import boto3 failed: " + lines[lines.length - 1];
            } finally {
                deleteTree(home);
            }
        } catch (IOException e) {
            return "cannot run python3: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    record Result(int exit, String stdout, String stderr) {
        JsonNode json() throws IOException {
            return KmsOperations.MAPPER.readTree(stdout);
        }
    }

    /** Runs a script of the test resources with {@code variables}, in {@code home}. */
    static Result script(Path home, String resource, Map<String, String> variables, int timeoutSeconds)
            throws IOException, InterruptedException {
        Path script;
        try {
            script = Path.of(Boto3.class.getResource("/" + resource).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("test resource " + resource + " not found", e);
        }
        return run(home, List.of(script.toString()), variables, timeoutSeconds);
    }

    private static Result run(Path home, List<String> args, Map<String, String> variables, int timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add("python3");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("BOTO"));
        env.put("HOME", home.toString());
        // no configuration of the machine's user may change what boto3 sends or where it looks for credentials
        env.put("AWS_CONFIG_FILE", home.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.putAll(variables);
        Path out = home.resolve("python-out.txt");
        Path err = home.resolve("python-err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            return new Result(-1, "", "python3 did not finish in " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
