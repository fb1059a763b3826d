package org.envelopejca.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AWS CLI against the endpoint: create-key, generate-data-key, decrypt with {@code fileb://}. Skipped when
 * {@code aws} is not on the PATH, except under CI=true, where that is a failure.
 */
class AwsCliTest {

    @Test
    void createKeyGenerateDataKeyDecrypt(@TempDir Path dir) throws Exception {
        Path aws = AwsCli.require();
        try (ServerFixture fx = new ServerFixture(dir, List.of("*"))) {
            AwsCli cli = new AwsCli(aws, dir.resolve("cli"), fx.server.endpoint().toString());
            JsonNode created = cli.ok(ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET,
                    "kms", "create-key", "--description", "from the AWS CLI");
            String keyId = created.path("KeyMetadata").path("KeyId").asText();
            assertEquals("Enabled", created.path("KeyMetadata").path("KeyState").asText());

            JsonNode dataKey = cli.ok(ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET,
                    "kms", "generate-data-key", "--key-id", keyId,
                    "--key-spec", "AES_256", "--encryption-context", "purpose=cli");
            byte[] plaintext = Base64.getDecoder().decode(dataKey.path("Plaintext").asText());
            assertEquals(32, plaintext.length);
            Path blob = dir.resolve("data-key.bin");
            Files.write(blob, Base64.getDecoder().decode(dataKey.path("CiphertextBlob").asText()));

            JsonNode decrypted = cli.ok(ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET,
                    "kms", "decrypt", "--ciphertext-blob", "fileb://" + blob,
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

    @Test
    void signAndVerify(@TempDir Path dir) throws Exception {
        Path aws = AwsCli.require();
        try (ServerFixture fx = new ServerFixture(dir, List.of("*"))) {
            AwsCli cli = new AwsCli(aws, dir.resolve("cli"), fx.server.endpoint().toString());
            JsonNode created = cli.ok(ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET,
                    "kms", "create-key", "--key-spec", "ECC_NIST_P256",
                    "--key-usage", "SIGN_VERIFY");
            String keyId = created.path("KeyMetadata").path("KeyId").asText();
            Path message = Files.writeString(dir.resolve("message.txt"), "signed with the AWS CLI");
            JsonNode signed = cli.ok(ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET,
                    "kms", "sign", "--key-id", keyId, "--message", "fileb://" + message,
                    "--message-type", "RAW", "--signing-algorithm", "ECDSA_SHA_256");
            Path signature = dir.resolve("signature.bin");
            Files.write(signature, Base64.getDecoder().decode(signed.path("Signature").asText()));
            JsonNode verified = cli.ok(ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET,
                    "kms", "verify", "--key-id", keyId, "--message", "fileb://" + message,
                    "--message-type", "RAW", "--signature", "fileb://" + signature,
                    "--signing-algorithm", "ECDSA_SHA_256");
            assertTrue(verified.path("SignatureValid").asBoolean(), verified.toString());
            JsonNode publicKey = cli.ok(ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET,
                    "kms", "get-public-key", "--key-id", keyId);
            assertEquals("SIGN_VERIFY", publicKey.path("KeyUsage").asText());
            assertEquals("ECDSA_SHA_256", publicKey.path("SigningAlgorithms").path(0).asText());
        }
    }
}
