package org.envelopejca.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.envelopejca.kms.local.AuditLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.ListAliasesResponse;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unmodified AWS SDK for Java v2 KmsClient against the endpoint over a local engine: every served operation. */
class KmsServerSdkTest {
    @TempDir
    static Path dir;
    static ServerFixture fx;
    static KmsClient kms;
    static String allowedKeyArn;

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture(dir, List.of("alias/orders"));
        kms = fx.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    static String errorCode(Executable call) {
        KmsException e = assertThrows(KmsException.class, call);
        return e.awsErrorDetails().errorCode();
    }

    static KeyMetadata newKey(String description) {
        return kms.createKey(r -> r.description(description)).keyMetadata();
    }

    @Test
    void createDescribeAndKeyMetadata() {
        CreateKeyResponse created = kms.createKey(r -> r.description("first").keySpec(KeySpec.SYMMETRIC_DEFAULT));
        KeyMetadata m = created.keyMetadata();
        assertEquals("first", m.description());
        assertEquals(KeyState.ENABLED, m.keyState());
        assertTrue(m.enabled());
        assertEquals("arn:aws:kms:us-east-1:111122223333:key/" + m.keyId(), m.arn());
        assertEquals("111122223333", m.awsAccountId());
        assertEquals(List.of(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT), m.encryptionAlgorithms());
        assertTrue(Math.abs(m.creationDate().getEpochSecond() - Instant.now().getEpochSecond()) < 60);
        assertFalse(m.multiRegion());

        KeyMetadata described = kms.describeKey(r -> r.keyId(m.arn())).keyMetadata();
        assertEquals(m.keyId(), described.keyId());
        assertEquals(m.creationDate(), described.creationDate());

        KeyMetadata mrk = kms.createKey(r -> r.multiRegion(true)).keyMetadata();
        assertTrue(mrk.keyId().startsWith("mrk-"));
        assertTrue(mrk.multiRegion());
        assertEquals("NotFoundException", errorCode(() -> kms.describeKey(r -> r.keyId("alias/none"))));
        assertEquals("UnsupportedOperationException",
                errorCode(() -> kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256))));
        assertNotNull(kms.describeKey(r -> r.keyId(m.keyId())).responseMetadata().requestId());
    }

    @Test
    void generateDataKeyAndDecryptWithAndWithoutKeyId() {
        KeyMetadata key = newKey("data keys");
        Map<String, String> ctx = Map.of("purpose", "test", "tenant", "42");
        GenerateDataKeyResponse dk = kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)
                .encryptionContext(ctx));
        assertEquals(32, dk.plaintext().asByteArray().length);
        assertEquals(key.arn(), dk.keyId());
        DecryptResponse back = kms.decrypt(r -> r.ciphertextBlob(dk.ciphertextBlob()).encryptionContext(ctx));
        assertArrayEquals(dk.plaintext().asByteArray(), back.plaintext().asByteArray());
        assertEquals(key.arn(), back.keyId());
        assertEquals(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, back.encryptionAlgorithm());
        DecryptResponse named = kms.decrypt(r -> r.ciphertextBlob(dk.ciphertextBlob()).keyId(key.arn())
                .encryptionContext(ctx));
        assertArrayEquals(dk.plaintext().asByteArray(), named.plaintext().asByteArray());

        assertEquals(16, kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(16)).plaintext()
                .asByteArray().length);
        assertEquals("ValidationException", errorCode(() -> kms.generateDataKey(r -> r.keyId(key.keyId()))));
        assertEquals("ValidationException", errorCode(() -> kms.generateDataKey(r -> r.keyId(key.keyId())
                .numberOfBytes(16).keySpec(DataKeySpec.AES_128))));
        assertEquals("ValidationException", errorCode(() -> kms.generateDataKey(r -> r.keyId(key.keyId())
                .numberOfBytes(1025))));
        // wrong context, another key named, garbage
        assertEquals("InvalidCiphertextException", errorCode(() -> kms.decrypt(r -> r.ciphertextBlob(dk.ciphertextBlob())
                .encryptionContext(Map.of("purpose", "other")))));
        KeyMetadata other = newKey("other");
        assertEquals("IncorrectKeyException", errorCode(() -> kms.decrypt(r -> r.ciphertextBlob(dk.ciphertextBlob())
                .keyId(other.keyId()).encryptionContext(ctx))));
        assertEquals("InvalidCiphertextException", errorCode(() -> kms.decrypt(r -> r.ciphertextBlob(
                SdkBytes.fromByteArray(new byte[64])))));
    }

    @Test
    void encryptDecryptAndReEncrypt() {
        KeyMetadata a = newKey("a");
        KeyMetadata b = newKey("b");
        byte[] secret = "attack at dawn".getBytes(StandardCharsets.UTF_8);
        EncryptResponse enc = kms.encrypt(r -> r.keyId(a.arn()).plaintext(SdkBytes.fromByteArray(secret))
                .encryptionContext(Map.of("k", "v")));
        assertEquals(a.arn(), enc.keyId());
        assertEquals(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, enc.encryptionAlgorithm());
        ReEncryptResponse re = kms.reEncrypt(r -> r.ciphertextBlob(enc.ciphertextBlob())
                .sourceEncryptionContext(Map.of("k", "v")).destinationKeyId(b.keyId())
                .destinationEncryptionContext(Map.of("k2", "v2")));
        assertEquals(a.arn(), re.sourceKeyId());
        assertEquals(b.arn(), re.keyId());
        DecryptResponse back = kms.decrypt(r -> r.ciphertextBlob(re.ciphertextBlob())
                .encryptionContext(Map.of("k2", "v2")));
        assertArrayEquals(secret, back.plaintext().asByteArray());
        assertEquals(b.arn(), back.keyId());
        assertEquals("ValidationException", errorCode(() -> kms.encrypt(r -> r.keyId(a.arn())
                .plaintext(SdkBytes.fromByteArray(new byte[4097])))));
    }

    @Test
    void rsaKeyPublicKeyEncryptAndDecrypt() throws Exception {
        KeyMetadata rsa = kms.createKey(r -> r.keySpec(KeySpec.RSA_2048).keyUsage("ENCRYPT_DECRYPT")).keyMetadata();
        assertEquals(KeySpec.RSA_2048, rsa.keySpec());
        GetPublicKeyResponse pub = kms.getPublicKey(r -> r.keyId(rsa.keyId()));
        assertEquals(rsa.arn(), pub.keyId());
        assertTrue(pub.encryptionAlgorithms().contains(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256));
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                pub.publicKey().asByteArray()));
        // encrypted outside the KMS with the public key, decrypted by the KMS
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
        oaep.init(Cipher.ENCRYPT_MODE, publicKey, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                PSource.PSpecified.DEFAULT));
        byte[] blob = oaep.doFinal("rsa secret".getBytes(StandardCharsets.UTF_8));
        DecryptResponse back = kms.decrypt(r -> r.keyId(rsa.arn()).ciphertextBlob(SdkBytes.fromByteArray(blob))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256));
        assertEquals("rsa secret", back.plaintext().asUtf8String());
        EncryptResponse enc = kms.encrypt(r -> r.keyId(rsa.arn()).plaintext(SdkBytes.fromUtf8String("x"))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1));
        assertEquals(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1, enc.encryptionAlgorithm());
        assertEquals("UnsupportedOperationException", errorCode(() -> kms.getPublicKey(r -> r.keyId(newKey("s").keyId()))));
        assertEquals("InvalidKeyUsageException", errorCode(() -> kms.generateDataKey(r -> r.keyId(rsa.keyId())
                .numberOfBytes(32))));
    }

    @Test
    void aliasesCreateListUpdateDeleteAndAlreadyExists() {
        KeyMetadata k1 = newKey("alias target 1");
        KeyMetadata k2 = newKey("alias target 2");
        kms.createAlias(r -> r.aliasName("alias/lifecycle").targetKeyId(k1.keyId()));
        assertEquals(k1.keyId(), kms.describeKey(r -> r.keyId("alias/lifecycle")).keyMetadata().keyId());
        assertEquals("AlreadyExistsException", errorCode(() -> kms.createAlias(r -> r.aliasName("alias/lifecycle")
                .targetKeyId(k2.keyId()))));
        kms.updateAlias(r -> r.aliasName("alias/lifecycle").targetKeyId(k2.keyId()));
        ListAliasesResponse ofK2 = kms.listAliases(r -> r.keyId(k2.keyId()));
        assertEquals(List.of("alias/lifecycle"), ofK2.aliases().stream().map(AliasListEntry::aliasName).toList());
        AliasListEntry entry = ofK2.aliases().get(0);
        assertEquals("arn:aws:kms:us-east-1:111122223333:alias/lifecycle", entry.aliasArn());
        assertEquals(k2.keyId(), entry.targetKeyId());
        assertNotNull(entry.creationDate());
        assertFalse(ofK2.truncated());
        kms.deleteAlias(r -> r.aliasName("alias/lifecycle"));
        assertEquals("NotFoundException", errorCode(() -> kms.deleteAlias(r -> r.aliasName("alias/lifecycle"))));
        assertEquals("InvalidAliasNameException", errorCode(() -> kms.createAlias(r -> r.aliasName("alias/aws/x")
                .targetKeyId(k1.keyId()))));

        // pagination of ListAliases, one per page
        for (int i = 0; i < 3; i++) {
            int n = i;
            kms.createAlias(r -> r.aliasName("alias/page-" + n).targetKeyId(k1.keyId()));
        }
        List<String> names = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String m = marker;
            ListAliasesResponse page = kms.listAliases(r -> r.keyId(k1.arn()).limit(1).marker(m));
            assertTrue(page.aliases().size() <= 1);
            page.aliases().forEach(a -> names.add(a.aliasName()));
            marker = page.truncated() ? page.nextMarker() : null;
            pages++;
        } while (marker != null);
        assertEquals(List.of("alias/page-0", "alias/page-1", "alias/page-2"), names);
        assertTrue(pages >= 3);
    }

    @Test
    void listKeysPagesWithLimitOne() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            created.add(newKey("page " + i).keyId());
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String m = marker;
            ListKeysResponse page = kms.listKeys(r -> r.limit(1).marker(m));
            assertEquals(1, page.keys().size(), "page " + pages);
            for (KeyListEntry e : page.keys()) {
                seen.add(e.keyId());
                assertTrue(e.keyArn().endsWith(":key/" + e.keyId()));
            }
            marker = page.truncated() ? page.nextMarker() : null;
            if (page.truncated()) {
                assertNotNull(page.nextMarker());
            } else {
                assertNull(page.nextMarker());
            }
            pages++;
        } while (marker != null);
        assertTrue(seen.containsAll(created), "every key seen once across the pages");
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no key twice");
        assertEquals(seen.size(), pages);
        // the SDK's own paginator over the same pages
        List<String> all = kms.listKeysPaginator(r -> r.limit(2)).keys().stream().map(KeyListEntry::keyId).toList();
        assertEquals(seen, all);
        assertEquals("ValidationException", errorCode(() -> kms.listKeys(r -> r.limit(1001))));
        assertEquals("InvalidMarkerException", errorCode(() -> kms.listKeys(r -> r.marker("not-a-marker"))));
    }

    @Test
    void disableEnableAndDeletionStates() {
        KeyMetadata key = newKey("states");
        kms.disableKey(r -> r.keyId(key.keyId()));
        assertEquals(KeyState.DISABLED, kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState());
        KmsException disabled = assertThrows(KmsException.class, () -> kms.generateDataKey(r -> r.keyId(key.keyId())
                .numberOfBytes(32)));
        assertEquals("DisabledException", disabled.awsErrorDetails().errorCode());
        assertEquals(key.arn() + " is disabled.", disabled.awsErrorDetails().errorMessage());
        kms.enableKey(r -> r.keyId(key.keyId()));
        assertEquals(32, kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(32)).plaintext()
                .asByteArray().length);

        ScheduleKeyDeletionResponse scheduled = kms.scheduleKeyDeletion(r -> r.keyId(key.keyId())
                .pendingWindowInDays(7));
        assertEquals(key.arn(), scheduled.keyId());
        assertEquals(KeyState.PENDING_DELETION, scheduled.keyState());
        assertEquals(7, scheduled.pendingWindowInDays());
        assertTrue(scheduled.deletionDate().isAfter(Instant.now().plusSeconds(6 * 86400)));
        KeyMetadata pending = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
        assertEquals(KeyState.PENDING_DELETION, pending.keyState());
        assertNotNull(pending.deletionDate());
        assertEquals("KMSInvalidStateException", errorCode(() -> kms.encrypt(r -> r.keyId(key.keyId())
                .plaintext(SdkBytes.fromUtf8String("x")))));
        assertEquals("KMSInvalidStateException", errorCode(() -> kms.enableKey(r -> r.keyId(key.keyId()))));
        assertEquals(key.arn(), kms.cancelKeyDeletion(r -> r.keyId(key.keyId())).keyId());
        assertEquals(KeyState.DISABLED, kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState());
        assertEquals("ValidationException", errorCode(() -> kms.scheduleKeyDeletion(r -> r.keyId(key.keyId())
                .pendingWindowInDays(3))));
    }

    @Test
    void rotation() {
        KeyMetadata key = newKey("rotation");
        kms.createAlias(r -> r.aliasName("alias/rotating").targetKeyId(key.keyId()));
        GetKeyRotationStatusResponse off = kms.getKeyRotationStatus(r -> r.keyId(key.keyId()));
        assertFalse(off.keyRotationEnabled());
        assertEquals(key.arn(), off.keyId());
        EncryptResponse before = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("old")));
        kms.enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(90));
        GetKeyRotationStatusResponse on = kms.getKeyRotationStatus(r -> r.keyId("alias/rotating"));
        assertTrue(on.keyRotationEnabled());
        assertEquals(90, on.rotationPeriodInDays());
        assertEquals(key.arn(), on.keyId());
        assertTrue(on.nextRotationDate().isAfter(Instant.now().plusSeconds(89 * 86400)));
        assertEquals(key.arn(), kms.rotateKeyOnDemand(r -> r.keyId(key.keyId())).keyId());
        assertEquals("old", kms.decrypt(r -> r.ciphertextBlob(before.ciphertextBlob())).plaintext().asUtf8String());
        kms.disableKeyRotation(r -> r.keyId(key.keyId()));
        assertFalse(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled());
        assertEquals("ValidationException", errorCode(() -> kms.enableKeyRotation(r -> r.keyId(key.keyId())
                .rotationPeriodInDays(10))));
    }

    @Test
    void limitedAccessKeyIsDeniedAndAudited() throws Exception {
        KeyMetadata orders = newKey("orders");
        kms.createAlias(r -> r.aliasName("alias/orders").targetKeyId(orders.keyId()));
        KeyMetadata foreign = newKey("not for the limited key");
        KmsClient limited = fx.limited();

        // allowed: the alias it names, and the key behind it by ID or ARN
        GenerateDataKeyResponse dk = limited.generateDataKey(r -> r.keyId("alias/orders").numberOfBytes(32));
        assertEquals(orders.arn(), dk.keyId());
        assertArrayEquals(dk.plaintext().asByteArray(), limited.decrypt(r -> r.keyId("alias/orders")
                .ciphertextBlob(dk.ciphertextBlob())).plaintext().asByteArray());

        // denied: another key, an operation it lacks, Decrypt without naming the key
        int before = fx.refusalAudit().size();
        assertEquals("AccessDeniedException", errorCode(() -> limited.generateDataKey(r -> r.keyId(foreign.keyId())
                .numberOfBytes(32))));
        assertEquals("AccessDeniedException", errorCode(() -> limited.createKey(r -> r.description("no"))));
        assertEquals("AccessDeniedException", errorCode(() -> limited.decrypt(r -> r.ciphertextBlob(
                dk.ciphertextBlob()))));
        KmsException denied = assertThrows(KmsException.class, () -> limited.disableKey(r -> r.keyId("alias/orders")));
        assertEquals(400, denied.statusCode());
        assertTrue(denied.awsErrorDetails().errorMessage().contains("orders-app"), denied.getMessage());
        assertEquals(KeyState.ENABLED, kms.describeKey(r -> r.keyId(orders.keyId())).keyMetadata().keyState());

        List<JsonNode> refusals = fx.refusalAudit();
        assertEquals(before + 4, refusals.size());
        for (JsonNode e : refusals.subList(before, refusals.size())) {
            assertEquals("AccessDeniedException", e.path("errorCode").asText());
            assertEquals(ServerFixture.LIMITED_ID, e.path("userIdentity").path("accessKeyId").asText());
            assertEquals("orders-app", e.path("userIdentity").path("principalId").asText());
            assertEquals("127.0.0.1", e.path("sourceIPAddress").asText());
        }
        assertEquals(List.of("GenerateDataKey", "CreateKey", "Decrypt", "DisableKey"), refusals.subList(before,
                refusals.size()).stream().map(e -> e.path("eventName").asText()).toList());
        assertEquals(foreign.keyId(), refusals.get(before).path("requestParameters").path("keyId").asText());
        assertTrue(AuditLog.verify(fx.refusals.path()).ok());

        // what reached the engine is in its audit log with the access key that asked
        JsonNode allowedCall = fx.engineAudit().stream()
                .filter(e -> e.path("eventName").asText().equals("GenerateDataKey")
                        && ServerFixture.LIMITED_ID.equals(e.path("userIdentity").path("accessKeyId").asText()))
                .findFirst().orElseThrow();
        assertEquals("orders-app", allowedCall.path("userIdentity").path("principalId").asText());
        assertEquals("127.0.0.1", allowedCall.path("sourceIPAddress").asText());
        assertTrue(allowedCall.path("userAgent").asText().contains("aws-sdk-java"), allowedCall.toString());
        assertTrue(AuditLog.verify(fx.local.auditLogFile()).ok());
    }
}
