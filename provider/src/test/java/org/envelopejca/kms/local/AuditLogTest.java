package org.envelopejca.kms.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.DataKeyResult;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KmsErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.envelopejca.kms.local.Stores.assertKmsError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditLogTest {
    @TempDir
    Path dir;
    LocalKms kms;
    Path log;

    @BeforeEach
    void open() throws Exception {
        kms = Stores.open(dir, new MutableClock(Instant.parse("2026-03-04T05:06:07.891Z")));
        log = kms.auditLogFile();
    }

    @AfterEach
    void close() throws Exception {
        kms.close();
    }

    /** Ten lines of audit: key, alias, crypto calls, a failure. */
    private void someCalls() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric(""));
        kms.createAlias("alias/audit", key.keyId());
        for (int i = 0; i < 6; i++) {
            kms.encrypt("alias/audit", new byte[]{(byte) i}, Map.of("i", "" + i), null);
        }
        kms.describeKey(key.keyId());
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> kms.describeKey("alias/missing"));
        assertEquals(10, Files.readAllLines(log).size());
    }

    private List<JsonNode> events() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            events.add(Json.MAPPER.readTree(line));
        }
        return events;
    }

    private AuditVerification rewrite(List<String> lines) throws Exception {
        Files.write(log, lines, StandardCharsets.UTF_8);
        try (AuditKey key = AuditKey.forStore(dir, null)) {
            return AuditLog.verify(log, key);
        }
    }

    @Test
    void intactChainVerifies() throws Exception {
        someCalls();
        AuditVerification v = AuditLog.verify(log);
        assertTrue(v.ok(), v.toString());
        assertEquals(10, v.lines());
    }

    @Test
    void emptyLogVerifies() throws Exception {
        Path empty = dir.resolve("empty.log");
        Files.createFile(empty);
        assertEquals(new AuditVerification(true, 0, 0, null), AuditLog.verify(empty));
    }

    @Test
    void editedLineIsFoundAtItsLineNumber() throws Exception {
        someCalls();
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.set(4, lines.get(4).replace("\"i\":\"2\"", "\"i\":\"9\""));
        AuditVerification v = rewrite(lines);
        assertFalse(v.ok());
        assertEquals(5, v.brokenLine(), v.toString());
        assertEquals(4, v.lines());
    }

    @Test
    void editedAndRehashedLineIsFoundAtItsLine() throws Exception {
        someCalls();
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        String edited = lines.get(4).replace("\"i\":\"2\"", "\"i\":\"9\"");
        String prefix = edited.substring(0, edited.length() - 75);
        String hash = AuditLog.sha256Hex(prefix.getBytes(StandardCharsets.UTF_8), prefix.length());
        lines.set(4, prefix + ",\"hash\":\"" + hash + "\"}");
        // A keyed chain: the re-hashed line is an unkeyed line after keyed ones, found where it is.
        AuditVerification v = rewrite(lines);
        assertEquals(5, v.brokenLine(), v.toString());
    }

    @Test
    void deletedLineIsFoundWhereItWas() throws Exception {
        someCalls();
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.remove(6);
        AuditVerification v = rewrite(lines);
        assertEquals(7, v.brokenLine(), v.toString());
    }

    @Test
    void reorderedPairIsFoundAtTheFirstOfIt() throws Exception {
        someCalls();
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        String third = lines.get(2);
        lines.set(2, lines.get(3));
        lines.set(3, third);
        AuditVerification v = rewrite(lines);
        assertEquals(3, v.brokenLine(), v.toString());
    }

    @Test
    void deletedFirstLineIsFoundAtLineOne() throws Exception {
        someCalls();
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.remove(0);
        assertEquals(1, rewrite(lines).brokenLine());
    }

    @Test
    void tornLastLineIsReportedAndCutBeforeTheNextAppend() throws Exception {
        someCalls();
        byte[] all = Files.readAllBytes(log);
        Files.write(log, java.util.Arrays.copyOf(all, all.length - 30));
        AuditVerification v = AuditLog.verify(log);
        assertEquals(10, v.brokenLine(), v.toString());
        assertTrue(v.problem().contains("incomplete"), v.problem());
        kms.listKeys(10, null);
        AuditVerification healed = AuditLog.verify(log);
        assertTrue(healed.ok(), healed.toString());
        assertEquals(10, healed.lines());
    }

    @ParameterizedTest
    @EnumSource(value = AuditSync.class, names = {"EVERY_CALL", "BATCHED"})
    void concurrentSyncedCallsEachAddOneLineToOneChain(AuditSync mode) throws Exception {
        int threads = 4;
        int calls = 30;
        try (LocalKms synced = LocalKms.open(dir.resolve("synced"), Stores.fast().auditSync(mode).build())) {
            String keyId = synced.createKey(CreateKeyRequest.symmetric("")).keyId();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String thread = Integer.toString(t);
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < calls; i++) {
                            if (i % 10 == 9) {
                                // a store change among the data-key calls: synced on return in every mode
                                synced.createAlias("alias/t" + thread + "-" + i, keyId);
                            } else if (i % 5 == 4) {
                                assertKmsError(KmsErrorCode.NOT_FOUND, () -> synced.describeKey("alias/missing"));
                            } else {
                                synced.generateDataKey(keyId, 32, Map.of("thread", thread)).destroy();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            AuditVerification v = AuditLog.verify(synced.auditLogFile());
            assertTrue(v.ok(), v.toString());
            assertEquals(1 + threads * calls, v.lines());
            // every call waited for its line, or the batch catches up with the last of them
            if (mode == AuditSync.EVERY_CALL) {
                Stores.assertAuditSynced(synced);
            } else {
                Stores.awaitAuditSynced(synced, Duration.ofSeconds(20));
            }
        }
    }

    @Test
    void aLogMovedAsideStaysWholeAndTheNextCallStartsAFreshOne() throws Exception {
        someCalls();
        Path aside = dir.resolve("audit-1.log");
        Files.move(log, aside);
        kms.listKeys(10, null);
        AuditVerification old = AuditLog.verify(aside);
        assertTrue(old.ok(), old.toString());
        assertEquals(10, old.lines());
        AuditVerification fresh = AuditLog.verify(log);
        assertTrue(fresh.ok(), fresh.toString());
        assertEquals(1, fresh.lines());
    }

    @Test
    void contextsWithNewlinesAndNonAsciiKeepOneEventPerLine() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("line\nbreak"));
        Map<String, String> context = Map.of("ключ", "値\n\u2028\"}", "\u0000", "\uD83D\uDE00");
        kms.encrypt(key.keyId(), new byte[]{1}, context, null);
        List<String> lines = Files.readAllLines(log);
        assertEquals(2, lines.size());
        assertEquals("値\n\u2028\"}", Json.MAPPER.readTree(lines.get(1)).get("requestParameters")
                .get("encryptionContext").get("ключ").asText());
        AuditVerification v = AuditLog.verify(log);
        assertTrue(v.ok(), v.toString());
    }

    @Test
    void eventsHaveTheCloudTrailShape() throws Exception {
        LocalKms caller = kms.withCaller("alice", "AKIAEXAMPLE");
        KeyMetadata key = caller.createKey(CreateKeyRequest.symmetric("audited"));
        DataKeyResult dk = caller.generateDataKey(key.keyId(), 32, Map.of("purpose", "audit"));
        byte[] plaintext = "very secret plaintext".getBytes(StandardCharsets.UTF_8);
        caller.encrypt(key.keyId(), plaintext, null, null);
        assertKmsError(KmsErrorCode.INVALID_CIPHERTEXT,
                () -> kms.decrypt(dk.ciphertextBlob(), null, Map.of("purpose", "wrong"), null));

        List<JsonNode> events = events();
        JsonNode create = events.get(0);
        assertEquals("CreateKey", create.get("eventName").asText());
        assertEquals("AwsApiCall", create.get("eventType").asText());
        assertEquals("kms.amazonaws.com", create.get("eventSource").asText());
        assertEquals("us-east-1", create.get("awsRegion").asText());
        assertEquals("2026-03-04T05:06:07Z", create.get("eventTime").asText());
        assertEquals("alice", create.get("userIdentity").get("principalId").asText());
        assertEquals("AKIAEXAMPLE", create.get("userIdentity").get("accessKeyId").asText());
        assertEquals("SYMMETRIC_DEFAULT", create.get("requestParameters").get("keySpec").asText());
        assertEquals(key.keyId(), create.get("responseElements").get("keyMetadata").get("keyId").asText());
        assertFalse(create.get("readOnly").asBoolean());
        assertTrue(create.get("requestID").asText().matches("[0-9a-f-]{36}"));
        assertTrue(create.get("eventID").asText().matches("[0-9a-f-]{36}"));
        JsonNode resource = create.get("resources").get(0);
        assertEquals("AWS::KMS::Key", resource.get("type").asText());
        assertEquals(key.arn(), resource.get("ARN").asText());
        assertEquals("111122223333", resource.get("accountId").asText());
        assertFalse(create.has("errorCode"));

        JsonNode gdk = events.get(1);
        assertEquals("GenerateDataKey", gdk.get("eventName").asText());
        assertEquals(32, gdk.get("requestParameters").get("numberOfBytes").asInt());
        assertEquals("audit", gdk.get("requestParameters").get("encryptionContext").get("purpose").asText());
        assertTrue(gdk.get("readOnly").asBoolean());

        JsonNode failed = events.get(3);
        assertEquals("Decrypt", failed.get("eventName").asText());
        assertEquals("InvalidCiphertextException", failed.get("errorCode").asText());
        assertFalse(failed.get("errorMessage").asText().startsWith("InvalidCiphertextException"));
        assertEquals("local", failed.get("userIdentity").get("principalId").asText());
        assertEquals(key.arn(), failed.get("resources").get(0).get("ARN").asText());

        String text = Files.readString(log);
        for (String secret : List.of(Base64.getEncoder().encodeToString(dk.plaintext()),
                Base64.getEncoder().encodeToString(dk.ciphertextBlob()), "very secret plaintext",
                Base64.getEncoder().encodeToString(plaintext))) {
            assertFalse(text.contains(secret), "the log holds no plaintext, ciphertext or key");
        }
    }
}
