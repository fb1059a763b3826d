package org.envelopejca.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.envelopejca.cli.ServeCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code envelope serve} in-process: generated credentials, an ephemeral port, the SDK against it, a clean stop. */
class ServeCommandTest {

    @Test
    void servesTheEmbeddedKmsWithGeneratedCredentials(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("keystore.properties");
        Files.writeString(keystore, "local.path=" + dir.resolve("kms").toString().replace("\\", "/") + "\n");
        Path creds = dir.resolve("creds.json");
        ServeCommand serve = new ServeCommand();
        CommandLine cmd = new CommandLine(serve);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> cmd.execute(
                "--port", "0", "--generate-credentials", creds.toString(), "--keystore", keystore.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!out.toString().contains("\n") && !running.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(out.toString().contains("\n"), "no endpoint printed; stderr: " + err);
        URI endpoint = URI.create(out.toString().lines().findFirst().orElseThrow());
        assertEquals("127.0.0.1", endpoint.getHost());
        assertNotEquals(0, endpoint.getPort());
        assertTrue(err.toString().contains("created " + creds), err.toString());
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(creds)));
        }

        JsonNode key = new ObjectMapper().readTree(creds.toFile()).path("accessKeys").get(0);
        try (KmsClient kms = KmsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        key.path("accessKeyId").asText(), key.path("secretAccessKey").asText())))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .build()) {
            String keyId = kms.createKey(r -> r.description("served")).keyMetadata().keyId();
            GenerateDataKeyResponse dk = kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256));
            assertArrayEquals(dk.plaintext().asByteArray(),
                    kms.decrypt(r -> r.ciphertextBlob(dk.ciphertextBlob())).plaintext().asByteArray());
        } finally {
            serve.stop();
        }
        assertEquals(0, running.get(30, TimeUnit.SECONDS));
        assertTrue(Files.exists(dir.resolve("kms").resolve("audit.log")));
    }

    @Test
    void refusesAMissingCredentialsFile(@TempDir Path dir) {
        CommandLine cmd = new CommandLine(new ServeCommand());
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute("--port", "0", "--credentials", dir.resolve("absent.json").toString(),
                "--keystore", dir.resolve("absent.properties").toString());
        assertNotEquals(0, exit);
        assertNotEquals(0, new CommandLine(new ServeCommand()).setErr(new PrintWriter(new StringWriter()))
                .execute("--port", "0"), "credentials are required");
    }

    /** Finding 8 of the second review (its credentials part): a file others may read is refused. */
    @Test
    void refusesACredentialsFileOthersMayRead(@TempDir Path dir) throws Exception {
        Path creds = dir.resolve("open.json");
        Files.writeString(creds, "{\"accessKeys\": [{\"accessKeyId\": \"EKIAOPEN000000000001\", "
                + "\"secretAccessKey\": \"open-secret-0123456789\"}]}");
        Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-r--r--"));
        CommandLine cmd = new CommandLine(new ServeCommand());
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute("--port", "0", "--credentials", creds.toString(),
                "--keystore", dir.resolve("absent.properties").toString());
        assertNotEquals(0, exit);
        assertTrue(err.toString().contains("readable by other users (rw-r--r--)"), err.toString());
        assertFalse(err.toString().contains("open-secret-0123456789"), err.toString());
    }

    /** A credentials entry whose identity policy document the policy language refuses stops the server. */
    @Test
    void refusesABadIdentityPolicyNamingTheAccessKey(@TempDir Path dir) throws Exception {
        Path creds = dir.resolve("bad-policy.json");
        Files.writeString(creds, "{\"accessKeys\": [{\"accessKeyId\": \"EKIAPOLICY0000000001\", "
                + "\"secretAccessKey\": \"policy-secret-0123456789\", \"policy\": {\"Statement\": {"
                + "\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"kms:*\", \"Resource\": \"*\"}}}]}");
        Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-------"));
        CommandLine cmd = new CommandLine(new ServeCommand());
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute("--port", "0", "--credentials", creds.toString(),
                "--keystore", dir.resolve("absent.properties").toString());
        assertNotEquals(0, exit);
        assertTrue(err.toString().contains("the policy of access key EKIAPOLICY0000000001 is not a valid identity "
                + "policy"), err.toString());
        assertFalse(err.toString().contains("policy-secret-0123456789"), err.toString());
    }
}
