package org.envelopejca.server;

import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

import javax.net.ssl.TrustManagerFactory;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPS with a generated self-signed certificate; the credentials file; session tokens through the SDK. */
class TlsAndCredentialsTest {

    @Test
    void sdkOverHttpsTrustingTheGeneratedCertificate(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("127.0.0.1", Duration.ofDays(1));
        assertTrue(cert.pem().startsWith("-----BEGIN CERTIFICATE-----\n"));
        try (LocalKms local = LocalKms.open(dir.resolve("kms"), LocalKmsOptions.defaults());
             KmsServer server = KmsServer.builder().localKms(local).tls(cert.sslContext())
                     .credentials(Map.of(ServerFixture.ADMIN_ID, admin(null))).start()) {
            assertEquals("https", server.endpoint().getScheme());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("endpoint", cert.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            try (KmsClient kms = KmsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET)))
                    .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(tmf::getTrustManagers).build())
                    .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                    .build()) {
                String keyId = kms.createKey(r -> r.description("over TLS")).keyMetadata().keyId();
                assertEquals(32, kms.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32)).plaintext()
                        .asByteArray().length);
            }
            // a client that does not trust the certificate does not get through
            try (KmsClient untrusting = KmsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET)))
                    .httpClient(UrlConnectionHttpClient.builder().build())
                    .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                    .build()) {
                Exception e = assertThrows(Exception.class, untrusting::listKeys);
                assertFalse(e instanceof KmsException, e.toString());
            }
        }
    }

    @Test
    void sessionTokenMustBeTheAccessKeysOwn(@TempDir Path dir) throws Exception {
        try (LocalKms local = LocalKms.open(dir.resolve("kms"), LocalKmsOptions.defaults());
             KmsServer server = KmsServer.builder().localKms(local)
                     .credentials(Map.of(ServerFixture.ADMIN_ID, admin("the-session-token"))).start()) {
            try (KmsClient right = client(server, "the-session-token");
                 KmsClient wrongToken = client(server, "another-token");
                 KmsClient noToken = client(server, null)) {
                assertEquals(0, right.listKeys().keys().size());
                KmsException wrong = assertThrows(KmsException.class, wrongToken::listKeys);
                assertEquals("UnrecognizedClientException", wrong.awsErrorDetails().errorCode());
                KmsException none = assertThrows(KmsException.class, noToken::listKeys);
                assertEquals("UnrecognizedClientException", none.awsErrorDetails().errorCode());
            }
        }
    }

    @Test
    void credentialsFileGeneratedReadAndChecked(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("creds.json");
        AccessKey generated = CredentialsFile.generate(file, "local-admin");
        assertTrue(generated.accessKeyId().matches("EKIA[A-Z2-7]{16}"));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        assertThrows(FileAlreadyExistsException.class, () -> CredentialsFile.generate(file, "again"));
        Map<String, AccessKey> read = CredentialsFile.read(file);
        assertEquals(Map.of(generated.accessKeyId(), generated), read);
        assertFalse(generated.toString().contains(generated.secretAccessKey()), "toString hides the secret");

        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, """
                {"accessKeys": [
                  {"accessKeyId": "EKIAORDERS0000000001", "secretAccessKey": "orders-secret-0123456789",
                   "principal": "orders-app", "operations": ["GenerateDataKey", "Decrypt"],
                   "keys": ["alias/orders", "alias/app-*"]}
                ]}""");
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-------"));
        AccessKey orders = CredentialsFile.read(policy).get("EKIAORDERS0000000001");
        assertEquals("orders-app", orders.principal());
        assertEquals(Set.of("GenerateDataKey", "Decrypt"), orders.operations());
        assertEquals(List.of("alias/orders", "alias/app-*"), orders.keys());
        Files.writeString(policy, """
                {"accessKeys": [
                  {"accessKeyId": "EKIAORDERS0000000001", "secretAccessKey": "orders-secret-0123456789",
                   "principal": "arn:aws:iam::111122223333:role/orders"}
                ]}""");
        assertEquals("arn:aws:iam::111122223333:role/orders",
                CredentialsFile.read(policy).get("EKIAORDERS0000000001").principal());

        for (String bad : List.of(
                "{\"accessKeys\": []}",
                "{\"accessKeys\": [{\"accessKeyId\": \"lower\", \"secretAccessKey\": \"0123456789abcdef0\"}]}",
                "{\"accessKeys\": [{\"accessKeyId\": \"EKIAORDERS0000000001\", \"secretAccessKey\": \"short\"}]}",
                "{\"accessKeys\": [{\"accessKeyId\": \"EKIAORDERS0000000001\", \"secretAccessKey\": "
                        + "\"0123456789abcdef0\", \"operations\": [\"Decrypt\", \"Frobnicate\"]}]}",
                "{\"accessKeys\": [{\"accessKeyId\": \"EKIAORDERS0000000001\", \"secretAccessKey\": "
                        + "\"0123456789abcdef0\", \"operation\": [\"Decrypt\"]}]}",
                "{\"accessKeys\": [{\"accessKeyId\": \"EKIAORDERS0000000001\", \"secretAccessKey\": "
                        + "\"0123456789abcdef0\", \"principal\": \"orders app\"}]}",
                "{\"accessKeys\": [{\"accessKeyId\": \"EKIAORDERS0000000001\", \"secretAccessKey\": "
                        + "\"0123456789abcdef0\", \"principal\": \"arn:aws:iam::111122223333:user/*\"}]}",
                "not json")) {
            Files.writeString(policy, bad);
            Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-------"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CredentialsFile.read(policy),
                    bad);
            assertFalse(e.getMessage().contains("0123456789abcdef0"), "no secret in the message: " + e.getMessage());
        }
    }

    @Test
    void aliasPrefixEntriesAndKeyEntriesMatch(@TempDir Path dir) throws Exception {
        try (LocalKms local = LocalKms.open(dir.resolve("kms"), LocalKmsOptions.defaults())) {
            String keyId = local.createKey(org.envelopejca.kms.CreateKeyRequest.symmetric("k")).keyId();
            local.createAlias("alias/app-one", keyId);
            local.createAlias("alias/other", keyId);
            Authorizer authorizer = new Authorizer(local, local.account());
            AccessKey byPrefix = new AccessKey("EKIAPREFIX0000000001", "0123456789abcdef0", null, null, Set.of("*"),
                    List.of("alias/app-*"));
            authorizer.requireKey(byPrefix, Operation.Encrypt, "KeyId", "alias/app-one");
            authorizer.requireKey(byPrefix, Operation.Encrypt, "KeyId",
                    "arn:aws:kms:us-east-1:111122223333:alias/app-one");
            WireError e = assertThrows(WireError.class,
                    () -> authorizer.requireKey(byPrefix, Operation.Encrypt, "KeyId", "alias/other"));
            assertEquals("AccessDeniedException", e.type());
            assertThrows(WireError.class, () -> authorizer.requireKey(byPrefix, Operation.Encrypt, "KeyId", keyId));

            AccessKey byKey = new AccessKey("EKIABYKEY00000000001", "0123456789abcdef0", null, null, Set.of("*"),
                    List.of("arn:aws:kms:us-east-1:111122223333:key/" + keyId));
            authorizer.requireKey(byKey, Operation.Encrypt, "KeyId", keyId);
            authorizer.requireKey(byKey, Operation.Encrypt, "KeyId", "alias/other");
            assertThrows(WireError.class, () -> authorizer.requireKey(byKey, Operation.Encrypt, "KeyId", "alias/none"));
            assertThrows(WireError.class, () -> authorizer.requireAlias(byKey, Operation.CreateAlias, "alias/new"));
            assertThrows(WireError.class, () -> authorizer.requireKey(byKey, Operation.Decrypt, "KeyId", null));
        }
    }

    private static AccessKey admin(String token) {
        return new AccessKey(ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET, "admin", token, Set.of("*"),
                List.of("*"));
    }

    private static KmsClient client(KmsServer server, String token) {
        var creds = token == null ? AwsBasicCredentials.create(ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET)
                : AwsSessionCredentials.create(ServerFixture.ADMIN_ID, ServerFixture.ADMIN_SECRET, token);
        return KmsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(creds))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .build();
    }
}
