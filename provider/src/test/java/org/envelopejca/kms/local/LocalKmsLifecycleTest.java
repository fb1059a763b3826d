package org.envelopejca.kms.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.RotationStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.envelopejca.kms.local.Stores.assertKmsError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rotation (on demand and automatic, lazily against the clock) and deletion at the end of the waiting period. */
class LocalKmsLifecycleTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Map<String, String> CONTEXT = Map.of("k", "v");

    @TempDir
    Path dir;
    MutableClock clock;
    LocalKms kms;

    @BeforeEach
    void open() throws Exception {
        clock = new MutableClock(START);
        kms = Stores.open(dir, clock);
    }

    @AfterEach
    void close() throws Exception {
        kms.close();
    }

    private static long versionOf(byte[] blob) {
        return SymmetricCiphertext.parse(blob).orElseThrow().version();
    }

    @Test
    void blobsFromBeforeManyRotationsStillDecryptAndNewOnesUseTheNewest() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("rotating"));
        kms.enableKeyRotation(key.keyId(), 90);
        List<byte[]> blobs = new ArrayList<>();
        List<byte[]> plaintexts = new ArrayList<>();
        int expectedVersion = 1;
        for (int round = 0; round < 6; round++) {
            byte[] plaintext = ("message " + round).getBytes(StandardCharsets.UTF_8);
            byte[] blob = kms.encrypt(key.keyId(), plaintext, CONTEXT, null).ciphertextBlob();
            assertEquals(expectedVersion, versionOf(blob), "new ciphertexts use the newest version");
            blobs.add(blob);
            plaintexts.add(plaintext);
            if (round % 2 == 0) {
                kms.rotateKeyOnDemand(key.keyId());
            } else {
                clock.advance(Duration.ofDays(90));
            }
            expectedVersion++;
        }
        assertEquals(7, kms.keyVersionCount(key.keyId()));
        for (int i = 0; i < blobs.size(); i++) {
            assertArrayEquals(plaintexts.get(i), kms.decrypt(blobs.get(i), null, CONTEXT, null).plaintext());
        }
        assertEquals(7, versionOf(kms.generateDataKey(key.keyId(), 32, CONTEXT).ciphertextBlob()));
        // Rotation state survives a reopen.
        kms.close();
        kms = Stores.open(dir, clock);
        for (int i = 0; i < blobs.size(); i++) {
            assertArrayEquals(plaintexts.get(i), kms.decrypt(blobs.get(i), key.arn(), CONTEXT, null).plaintext());
        }
    }

    @Test
    void automaticRotationIsDueOnePeriodAfterEnabling() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric(""));
        kms.enableKeyRotation(key.keyId(), 365);
        RotationStatus status = kms.getKeyRotationStatus(key.keyId());
        assertEquals(START.plus(Duration.ofDays(365)), status.nextRotationDate());
        clock.advance(Duration.ofDays(364));
        assertEquals(1, kms.keyVersionCount(key.keyId()));
        clock.advance(Duration.ofDays(1));
        assertEquals(2, kms.keyVersionCount(key.keyId()));
        assertEquals(START.plus(Duration.ofDays(730)), kms.getKeyRotationStatus(key.keyId()).nextRotationDate());
        assertEquals(0, kms.getKeyRotationStatus(key.keyId()).onDemandRotations());
        // Three periods at once: one rotation per elapsed period.
        clock.advance(Duration.ofDays(3 * 365));
        assertEquals(5, kms.keyVersionCount(key.keyId()));
        assertEquals(START.plus(Duration.ofDays(5 * 365)), kms.getKeyRotationStatus(key.keyId()).nextRotationDate());
    }

    @Test
    void automaticRotationIsAuditedAsServiceEvent() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric(""));
        kms.enableKeyRotation(key.keyId(), 90);
        clock.advance(Duration.ofDays(91));
        kms.describeKey(key.keyId());
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(kms.auditLogFile())) {
            events.add(Json.MAPPER.readTree(line));
        }
        JsonNode rotate = events.get(events.size() - 2);
        assertEquals("RotateKey", rotate.get("eventName").asText());
        assertEquals("AwsServiceEvent", rotate.get("eventType").asText());
        assertEquals(key.arn(), rotate.get("resources").get(0).get("ARN").asText());
        assertEquals("DescribeKey", events.get(events.size() - 1).get("eventName").asText());
        assertTrue(AuditLog.verify(kms.auditLogFile()).ok());
    }

    @Test
    void disabledKeysDoNotRotateAutomatically() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric(""));
        kms.enableKeyRotation(key.keyId(), 90);
        kms.disableKey(key.keyId());
        clock.advance(Duration.ofDays(100));
        assertEquals(1, kms.keyVersionCount(key.keyId()));
        kms.enableKey(key.keyId());
        assertEquals(2, kms.keyVersionCount(key.keyId()));
    }

    @Test
    void keyIsDeletedForGoodOnceTheDatePassedWithItsAliases() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric(""));
        KeyMetadata other = kms.createKey(CreateKeyRequest.symmetric(""));
        kms.createAlias("alias/doomed", key.keyId());
        kms.createAlias("alias/kept", other.keyId());
        byte[] blob = kms.encrypt(key.keyId(), new byte[]{1}, CONTEXT, null).ciphertextBlob();
        Instant deletion = kms.scheduleKeyDeletion(key.keyId(), 7);
        assertEquals(START.plus(Duration.ofDays(7)), deletion);
        clock.advance(Duration.ofDays(7).minusSeconds(1));
        assertKmsError(KmsErrorCode.INVALID_STATE, () -> kms.decrypt(blob, null, CONTEXT, null));
        clock.advance(Duration.ofSeconds(1));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> kms.describeKey(key.keyId()));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> kms.decrypt(blob, null, CONTEXT, null));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> kms.cancelKeyDeletion(key.keyId()));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> kms.describeKey("alias/doomed"));
        assertEquals(other.keyId(), kms.describeKey("alias/kept").keyId());
        assertEquals(1, kms.listKeys(100, null).items().size());
        assertEquals(1, kms.listAliases(null, 100, null).items().size());
        // And after a reopen.
        kms.close();
        kms = Stores.open(dir, clock);
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> kms.describeKey(key.keyId()));
        String lastDelete = null;
        for (String line : Files.readAllLines(kms.auditLogFile())) {
            JsonNode e = Json.MAPPER.readTree(line);
            if (e.get("eventName").asText().equals("DeleteKey")) {
                assertEquals("AwsServiceEvent", e.get("eventType").asText());
                lastDelete = e.get("resources").get(0).get("ARN").asText();
            }
        }
        assertEquals(key.arn(), lastDelete);
    }
}
