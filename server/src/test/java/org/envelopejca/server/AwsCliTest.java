package org.envelopejca.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The AWS CLI against the endpoint: create-key, generate-data-key, decrypt with {@code fileb://}. Skipped when
 * {@code aws} is not on the PATH, except under CI=true, where that is a failure.
 */
class AwsCliTest {

    @Test
    void createKeyGenerateDataKeyDecrypt(@TempDir Path dir) throws Exception {
        Path aws = findOnPath("aws");
        if (aws == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("the AWS CLI (aws) is not on the PATH, and CI=true");
            }
            Assumptions.abort("the AWS CLI (aws) is not on the PATH");
        }
        try (ServerFixture fx = new ServerFixture(dir, List.of("*"))) {
            String endpoint = fx.server.endpoint().toString();
            JsonNode created = run(aws, dir, ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET,
                    "--endpoint-url", endpoint, "kms", "create-key", "--description", "from the AWS CLI");
            String keyId = created.path("KeyMetadata").path("KeyId").asText();
            assertEquals("Enabled", created.path("KeyMetadata").path("KeyState").asText());

            JsonNode dataKey = run(aws, dir, ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET,
                    "--endpoint-url", endpoint, "kms", "generate-data-key", "--key-id", keyId,
                    "--key-spec", "AES_256", "--encryption-context", "purpose=cli");
            byte[] plaintext = Base64.getDecoder().decode(dataKey.path("Plaintext").asText());
            assertEquals(32, plaintext.length);
            Path blob = dir.resolve("data-key.bin");
            Files.write(blob, Base64.getDecoder().decode(dataKey.path("CiphertextBlob").asText()));

            JsonNode decrypted = run(aws, dir, ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET,
                    "--endpoint-url", endpoint, "kms", "decrypt", "--ciphertext-blob", "fileb://" + blob,
                    "--encryption-context", "purpose=cli");
            assertArrayEquals(plaintext, Base64.getDecoder().decode(decrypted.path("Plaintext").asText()));
            assertTrue(decrypted.path("KeyId").asText().endsWith(":key/" + keyId));

            // the engine's audit names the CLI's access key and user agent
            JsonNode decryptEvent = fx.engineAudit().stream()
                    .filter(e -> e.path("eventName").asText().equals("Decrypt")).findFirst().orElseThrow();
            assertEquals(ServerFixture.ADMIN_ID, decryptEvent.path("userIdentity").path("accessKeyId").asText());
            assertTrue(decryptEvent.path("userAgent").asText().startsWith("aws-cli/"), decryptEvent.toString());
        }
    }

    private static JsonNode run(Path aws, Path dir, String id, String secret, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(aws.toString());
        command.addAll(List.of(args));
        command.addAll(List.of("--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", id);
        env.put("AWS_SECRET_ACCESS_KEY", secret);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        // no configuration of the machine's user may change what the CLI sends
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        Path out = dir.resolve("aws-out.txt");
        Path err = dir.resolve("aws-err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("aws " + String.join(" ", args) + " did not finish in 60 s");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "aws " + args[args.length - 1] + " failed: "
                + Files.readString(err, StandardCharsets.UTF_8));
        return KmsOperations.MAPPER.readTree(stdout);
    }

    private static Path findOnPath(String name) throws IOException {
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
