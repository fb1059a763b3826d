package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An embedded KMS in a test's own directory, named by a KeyStore configuration file (so that in-process runs never
 * touch a shared home), and runs of the command against it.
 */
final class KmsStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path config;
    private final Map<String, String> env;

    private KmsStore(Path dir, Path config, Map<String, String> env) {
        this.dir = dir;
        this.config = config;
        this.env = env;
    }

    /** A store in {@code dir}/kms; the configuration file {@code dir}/keystore.properties also holds {@code extra}. */
    static KmsStore in(Path dir, String... extra) throws IOException {
        Path config = dir.resolve("keystore.properties");
        List<String> lines = new ArrayList<>(List.of("kms=local", "local.path=" + dir.resolve("kms")));
        lines.addAll(List.of(extra));
        Files.write(config, lines);
        return new KmsStore(dir.resolve("kms"), config, Map.of());
    }

    KmsStore withEnv(Map<String, String> variables) {
        return new KmsStore(dir, config, variables);
    }

    /** Runs a command with {@code --keystore} added after the subcommand words given in {@code command}. */
    CliRun run(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command.split(" ")));
        all.add("--keystore");
        all.add(config.toString());
        all.addAll(List.of(args));
        return CliRun.run(new byte[0], env, all.toArray(String[]::new));
    }

    /** Runs a command that must succeed; returns its standard output (text and data). */
    String ok(String command, String... args) {
        CliRun r = run(command, args);
        assertEquals(EnvelopeCli.OK, r.exitCode(), () -> command + " " + List.of(args) + ": " + r);
        return r.stdoutAsText();
    }

    /** Runs a command with {@code --json} that must succeed. */
    JsonNode json(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        try {
            return JSON.readTree(ok(command, all.toArray(String[]::new)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key ARN an alias names (keys describe). */
    String arn(String key) {
        return json("keys describe", key).get("arn").asText();
    }

    int entryCount() {
        return json("keys list").get("entries").size();
    }
}
