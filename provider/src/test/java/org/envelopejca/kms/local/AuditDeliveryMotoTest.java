package org.envelopejca.kms.local;

import static org.envelopejca.kms.local.DeliveryFixture.ACCOUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.envelopejca.kms.aws.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Audit delivery against Moto's S3: CloudTrail-layout files and signed digests, verification, the tampering it
 * finds, S3 away (calls go on, records queue on disk, then drain) and S3 refusing writes.
 */
@ExtendWith(MotoServer.class)
class AuditDeliveryMotoTest {
    private static final Duration LONG = Duration.ofHours(1);
    /** Every round is a digest's due time: each explicit round chains one more digest. */
    private static final Duration EVERY_ROUND = Duration.ofMillis(10);

    private static S3Client s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void client() {
        DeliveryFixture.credentials();
        s3 = DeliveryFixture.s3();
    }

    @AfterAll
    static void closeClient() {
        s3.close();
    }

    /** Delivers three rounds of calls, each with its digest, and closes; returns the bucket. */
    private String deliverRounds(int rounds) throws Exception {
        String bucket = DeliveryFixture.unique("audit");
        s3.createBucket(b -> b.bucket(bucket));
        // digest names have whole seconds: the clock moves on between rounds so that each round has its digest
        MutableClock clock = new MutableClock(java.time.Instant.now());
        try (LocalKms kms = DeliveryFixture.open(dir, DeliveryFixture.settings(bucket, MotoServer.endpoint(), LONG,
                EVERY_ROUND), clock)) {
            for (int i = 0; i < rounds; i++) {
                DeliveryFixture.someCalls(kms, 3);
                clock.advance(Duration.ofSeconds(2));
                assertTrue(kms.auditDelivery().deliverNow(false), "round " + i + " delivered everything");
            }
        }
        return bucket;
    }

    @Test
    void deliversCloudTrailFilesAndSignedDigestsThatVerify() throws Exception {
        String bucket = deliverRounds(3);
        AuditDeliveryStatus status = AuditDeliveryStatus.read(dir, dir.resolve(AuditLog.DEFAULT_NAME));
        assertNotNull(status);
        assertNull(status.lastError());
        assertNotNull(status.lastSuccess());
        assertTrue(status.deliveredDigests() >= 3, "a digest per round: " + status);
        // the last digest's GetPublicKey and Sign calls are recorded after the last delivery: they go out next run
        assertTrue(status.pendingRecords() <= 2, "pending " + status.pendingRecords());
        if (AtomicFiles.posix()) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    dir.resolve(AuditDeliveryState.FILE_NAME))));
        }

        // Every delivered audit line is a record, once, in CloudTrail's KMS record format, without chain members.
        List<JsonNode> lines = DeliveryFixture.auditLines(dir);
        List<JsonNode> records = DeliveryFixture.deliveredRecords(s3, bucket);
        assertEquals(status.deliveredRecords(), records.size());
        assertEquals(lines.size() - status.pendingRecords(), records.size());
        Set<String> ids = records.stream().map(r -> r.path("eventID").asText()).collect(Collectors.toSet());
        assertEquals(records.size(), ids.size(), "no record twice");
        for (int i = 0; i < records.size(); i++) {
            assertTrue(ids.contains(lines.get(i).path("eventID").asText()), "line " + (i + 1) + " delivered");
        }
        for (JsonNode r : records) {
            for (String member : List.of("eventVersion", "userIdentity", "eventTime", "eventSource", "eventName",
                    "awsRegion", "sourceIPAddress", "userAgent", "requestParameters", "responseElements", "eventID",
                    "readOnly", "resources", "eventType", "managementEvent", "recipientAccountId", "eventCategory")) {
                assertTrue(r.has(member), member + " in " + r);
            }
            assertEquals("kms.amazonaws.com", r.path("eventSource").asText());
            for (String chain : List.of("sequence", "previousHash", "hmac", "hash", "storeGeneration")) {
                assertFalse(r.has(chain), chain + " is the log's, not CloudTrail's");
            }
        }
        JsonNode dataKey = records.stream().filter(r -> r.path("eventName").asText().equals("GenerateDataKey"))
                .findFirst().orElseThrow();
        assertEquals("AWS::KMS::Key", dataKey.path("resources").get(0).path("type").asText());
        assertEquals("AwsApiCall", dataKey.path("eventType").asText());
        assertTrue(dataKey.path("requestID").isTextual());

        // Names: CloudTrail's layout under the prefix.
        Set<String> keys = DeliveryFixture.snapshot(s3, bucket).keySet();
        String logName = "trail/AWSLogs/" + ACCOUNT + "/CloudTrail/us-east-1/\\d{4}/\\d{2}/\\d{2}/" + ACCOUNT
                + "_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_[0-9a-f]{16}\\.json\\.gz";
        String digestName = "trail/AWSLogs/" + ACCOUNT + "/CloudTrail-Digest/us-east-1/\\d{4}/\\d{2}/\\d{2}/" + ACCOUNT
                + "_CloudTrail-Digest_us-east-1_envelope_us-east-1_\\d{8}T\\d{6}Z\\.json\\.gz";
        for (String key : keys) {
            assertTrue(key.matches(logName) || key.matches(digestName), key);
        }

        AuditBucketVerification.Report report = DeliveryFixture.verify(s3, bucket, dir);
        assertTrue(report.ok(), report.problems().toString());
        opensslVerifiesTheNewestDigest(bucket);
        assertEquals(status.deliveredDigests(), report.digests());
        assertEquals(report.digests(), report.digestsVerified());
        assertEquals(report.files(), report.filesVerified());
        assertTrue(report.files() >= 3);
    }

    /**
     * A peer checks the signature: openssl's SHA256withRSA over CloudTrail's signing string (end time, bucket/key,
     * SHA-256 of the uncompressed digest, previous signature), with the public key from GetPublicKey.
     */
    private void opensslVerifiesTheNewestDigest(String bucket) throws Exception {
        AuditDeliveryState state = AuditDeliveryState.read(dir);
        String key = state.lastDigest().s3Object();
        var object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        byte[] content = CloudTrailFiles.gunzip(object.asByteArray());
        JsonNode digest = Json.MAPPER.readTree(content);
        assertEquals("SHA256withRSA", object.response().metadata().get("signature-algorithm"));
        JsonNode previous = digest.path("previousDigestSignature");
        String signingString = digest.path("digestEndTime").asText() + "\n" + bucket + "/" + key + "\n"
                + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content))
                + "\n" + (previous.isNull() ? "null" : previous.asText());
        byte[] publicKey = DeliveryFixture.signingKeys(dir).get(0);
        assertEquals(AuditBucketVerification.fingerprint(publicKey), digest.path("digestPublicKeyFingerprint").asText());
        Path data = Files.writeString(dir.resolve("signed.txt"), signingString);
        Path sig = Files.write(dir.resolve("sig.bin"), java.util.HexFormat.of().parseHex(
                object.response().metadata().get("signature")));
        Path pem = Files.writeString(dir.resolve("pub.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(publicKey)
                + "\n-----END PUBLIC KEY-----\n");
        Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-verify", pem.toString(), "-signature",
                sig.toString(), data.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("Verified OK"), out);
    }

    @Test
    void findsTampering() throws Exception {
        String bucket = deliverRounds(4);
        Map<String, DeliveryFixture.Stored> original = DeliveryFixture.snapshot(s3, bucket);
        List<String> logs = original.keySet().stream().filter(k -> k.contains("/CloudTrail/")).sorted().toList();
        List<String> digests = original.keySet().stream().filter(k -> k.contains("/CloudTrail-Digest/")).sorted()
                .toList();
        assertTrue(logs.size() >= 4 && digests.size() >= 4, logs + " " + digests);
        assertTrue(DeliveryFixture.verify(s3, bucket, dir).ok());

        // a record changed in a delivered file (re-compressed, so it is still a valid file)
        keys = DeliveryFixture.signingKeys(dir);
        expect(bucket, original, AuditBucketVerification.Kind.FILE_CHANGED, logs.get(1), b -> {
            ObjectNode file = (ObjectNode) read(original.get(logs.get(1)).content());
            ((ObjectNode) file.path("Records").get(0)).put("eventName", "Decrypt");
            DeliveryFixture.put(s3, bucket, logs.get(1), gzip(file), Map.of());
        });
        // a delivered file deleted
        expect(bucket, original, AuditBucketVerification.Kind.FILE_MISSING, logs.get(2),
                b -> s3.deleteObject(r -> r.bucket(bucket).key(logs.get(2))));
        // a file renamed: the listed name is gone, the new one is in no digest
        expect(bucket, original, AuditBucketVerification.Kind.FILE_NOT_IN_DIGEST, logs.get(0) + ".renamed", b -> {
            DeliveryFixture.put(s3, bucket, logs.get(0) + ".renamed", original.get(logs.get(0)).content(), Map.of());
            s3.deleteObject(r -> r.bucket(bucket).key(logs.get(0)));
        });
        // two files reordered (each one's content under the other's name)
        expect(bucket, original, AuditBucketVerification.Kind.FILE_CHANGED, logs.get(3), b -> {
            DeliveryFixture.put(s3, bucket, logs.get(0), original.get(logs.get(3)).content(), Map.of());
            DeliveryFixture.put(s3, bucket, logs.get(3), original.get(logs.get(0)).content(), Map.of());
        });
        // a digest in the middle of the chain deleted
        expect(bucket, original, AuditBucketVerification.Kind.DIGEST_MISSING, digests.get(1),
                b -> s3.deleteObject(r -> r.bucket(bucket).key(digests.get(1))));
        // the newest digest deleted: only the local delivery state knows it existed
        expect(bucket, original, AuditBucketVerification.Kind.DIGEST_MISSING, digests.get(digests.size() - 1),
                b -> s3.deleteObject(r -> r.bucket(bucket).key(digests.get(digests.size() - 1))));
        // a digest changed (a file dropped from its list), its signature kept
        expect(bucket, original, AuditBucketVerification.Kind.DIGEST_SIGNATURE_INVALID, digests.get(2), b -> {
            ObjectNode digest = (ObjectNode) read(original.get(digests.get(2)).content());
            digest.putArray("logFiles");
            DeliveryFixture.put(s3, bucket, digests.get(2), gzip(digest), original.get(digests.get(2)).metadata());
        });
        // the same change seen from the chain: the next digest recorded another SHA-256 for it
        expect(bucket, original, AuditBucketVerification.Kind.DIGEST_CHANGED, digests.get(2), b -> {
            ObjectNode digest = (ObjectNode) read(original.get(digests.get(2)).content());
            digest.putArray("logFiles");
            DeliveryFixture.put(s3, bucket, digests.get(2), gzip(digest), original.get(digests.get(2)).metadata());
        });
        // a digest's signature replaced by another digest's
        expect(bucket, original, AuditBucketVerification.Kind.DIGEST_SIGNATURE_INVALID, digests.get(1), b ->
                DeliveryFixture.put(s3, bucket, digests.get(1), original.get(digests.get(1)).content(),
                        original.get(digests.get(0)).metadata()));
        // two digests swapped: each lies where the other says it does
        expect(bucket, original, AuditBucketVerification.Kind.DIGEST_MOVED, digests.get(1), b -> {
            DeliveryFixture.put(s3, bucket, digests.get(1), original.get(digests.get(2)).content(),
                    original.get(digests.get(2)).metadata());
            DeliveryFixture.put(s3, bucket, digests.get(2), original.get(digests.get(1)).content(),
                    original.get(digests.get(1)).metadata());
        });
        // a digest claiming another signing key
        expect(bucket, original, AuditBucketVerification.Kind.DIGEST_UNKNOWN_KEY, digests.get(0), b -> {
            ObjectNode digest = (ObjectNode) read(original.get(digests.get(0)).content());
            digest.put("digestPublicKeyFingerprint", "0".repeat(32));
            DeliveryFixture.put(s3, bucket, digests.get(0), gzip(digest), original.get(digests.get(0)).metadata());
        });
        // restored, all verifies again
        DeliveryFixture.restore(s3, bucket, original);
        assertTrue(DeliveryFixture.verify(s3, bucket, dir).ok());
    }

    private List<byte[]> keys;

    private void expect(String bucket, Map<String, DeliveryFixture.Stored> original, AuditBucketVerification.Kind kind,
                        String object, Consumer<Void> tamper) throws Exception {
        DeliveryFixture.restore(s3, bucket, original);
        tamper.accept(null);
        AuditBucketVerification.Report report = DeliveryFixture.verify(s3, bucket, dir, keys);
        assertFalse(report.ok(), kind + " not found");
        assertTrue(report.problems().stream().anyMatch(p -> p.kind() == kind && p.object().equals(object)),
                kind + " of " + object + " expected in " + report.problems());
    }

    private static JsonNode read(byte[] gz) {
        try {
            return Json.MAPPER.readTree(CloudTrailFiles.gunzip(gz));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] gzip(JsonNode node) {
        try {
            return CloudTrailFiles.gzip(Json.MAPPER.writeValueAsBytes(node));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Objects larger than the verifier reads are reported, not read: a bucket's content is not trusted. */
    @Test
    void objectsOverTheReadLimitAreReportedNotRead() throws Exception {
        String bucket = deliverRounds(1);
        assertTrue(DeliveryFixture.verify(s3, bucket, dir).ok());
        AuditBucketVerification.Report small = new AuditBucketVerification(s3,
                S3Location.parse("s3://" + bucket + "/trail"), ACCOUNT, "us-east-1", DeliveryFixture.signingKeys(dir))
                .objectLimit(64).verify(dir);
        assertFalse(small.ok());
        assertTrue(small.problems().stream().anyMatch(p -> p.detail().contains("larger than 64 bytes")),
                small.problems().toString());
    }

    /**
     * A line appended by someone without the audit key (right sequence, right previous chain value, a made-up
     * HMAC) is not delivered, so no digest signed by the KMS ever covers it; delivery stops there and says why.
     */
    @Test
    void aLineThatFailsItsKeyedCheckIsNotDelivered() throws Exception {
        String bucket = DeliveryFixture.unique("forged");
        s3.createBucket(b -> b.bucket(bucket));
        try (LocalKms kms = DeliveryFixture.open(dir, DeliveryFixture.settings(bucket, MotoServer.endpoint(), LONG,
                LONG))) {
            DeliveryFixture.someCalls(kms, 2);
            assertTrue(kms.auditDelivery().deliverNow(false));
            List<JsonNode> lines = DeliveryFixture.auditLines(dir);
            JsonNode last = lines.get(lines.size() - 1);
            ObjectNode forged = last.deepCopy();
            forged.remove("hmac");
            forged.put("sequence", last.path("sequence").asLong() + 1);
            forged.put("previousHash", last.path("hmac").asText());
            forged.put("eventName", "ForgedCall");
            String text = Json.MAPPER.writeValueAsString(forged);
            text = text.substring(0, text.length() - 1) + ",\"hmac\":\"" + "ab".repeat(32) + "\"}\n";
            Files.writeString(kms.auditLogFile(), text, java.nio.file.StandardOpenOption.APPEND);

            assertFalse(kms.auditDelivery().deliverNow(false), "the forged line stops delivery");
            AuditDeliveryStatus status = AuditDeliveryStatus.read(dir, kms.auditLogFile());
            assertNotNull(status.lastError());
            assertTrue(status.lastError().contains("keyed check"), status.lastError());
        }
        assertTrue(DeliveryFixture.deliveredRecords(s3, bucket).stream()
                .noneMatch(r -> r.path("eventName").asText().equals("ForgedCall")), "nothing forged in the bucket");
    }

    @Test
    void aLogMovedAsideAndStartedAfreshIsFollowedFromItsFirstLine() throws Exception {
        String bucket = deliverRounds(1);
        long before = AuditDeliveryState.read(dir).deliveredRecords();
        Files.move(dir.resolve(AuditLog.DEFAULT_NAME), dir.resolve("audit.log.old"));
        try (LocalKms kms = DeliveryFixture.open(dir, DeliveryFixture.settings(bucket, MotoServer.endpoint(), LONG,
                EVERY_ROUND))) {
            DeliveryFixture.someCalls(kms, 2);
            assertTrue(kms.auditDelivery().deliverNow(false));
        }
        AuditDeliveryStatus status = AuditDeliveryStatus.read(dir, dir.resolve(AuditLog.DEFAULT_NAME));
        assertNotNull(status.note(), "the restart is visible");
        assertTrue(status.note().contains("new chain") || status.note().contains("shorter"), status.note());
        assertEquals(DeliveryFixture.auditLines(dir).size() - status.pendingRecords(),
                status.deliveredRecords() - before, "the new log from its first line");
        assertTrue(DeliveryFixture.verify(s3, bucket, dir).ok());
    }

    @Test
    void callsGoOnWhileS3IsAwayAndTheQueueDrainsWhenItIsBack() throws Exception {
        String bucket = DeliveryFixture.unique("away");
        s3.createBucket(b -> b.bucket(bucket));
        URI closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        try (LocalKms kms = DeliveryFixture.open(dir, DeliveryFixture.settings(bucket, closed, LONG, LONG))) {
            DeliveryFixture.someCalls(kms, 5);
            assertFalse(kms.auditDelivery().deliverNow(false));
            DeliveryFixture.someCalls(kms, 5);
            AuditDeliveryStatus away = AuditDeliveryStatus.read(dir, kms.auditLogFile());
            assertNotNull(away.lastError(), "the failure is visible");
            assertTrue(away.failures() >= 1);
            assertEquals(0, away.deliveredRecords());
            assertEquals(DeliveryFixture.auditLines(dir).size(), away.pendingRecords(), "every record waits");
            assertNotNull(away.nextAttempt());
        }
        long queued = DeliveryFixture.auditLines(dir).size();
        // S3 back (the same store opened with a reachable endpoint): the backlog goes out first
        try (LocalKms kms = DeliveryFixture.open(dir, DeliveryFixture.settings(bucket, MotoServer.endpoint(), LONG,
                LONG))) {
            assertTrue(kms.auditDelivery().deliverNow(false));
        }
        AuditDeliveryStatus back = AuditDeliveryStatus.read(dir, dir.resolve(AuditLog.DEFAULT_NAME));
        assertNull(back.lastError());
        assertTrue(back.deliveredRecords() >= queued, back.toString());
        assertEquals(DeliveryFixture.auditLines(dir).size() - back.pendingRecords(),
                DeliveryFixture.deliveredRecords(s3, bucket).size());
        assertTrue(DeliveryFixture.verify(s3, bucket, dir).ok());
    }

    @Test
    void aBucketRefusingWritesHoldsTheRecordsUntilItTakesThem() throws Exception {
        String bucket = DeliveryFixture.unique("later");
        try (LocalKms kms = DeliveryFixture.open(dir, DeliveryFixture.settings(bucket, MotoServer.endpoint(), LONG,
                LONG))) {
            DeliveryFixture.someCalls(kms, 3);
            assertFalse(kms.auditDelivery().deliverNow(false), "NoSuchBucket");
            AuditDeliveryStatus refused = AuditDeliveryStatus.read(dir, kms.auditLogFile());
            assertTrue(refused.lastError().contains("NoSuchBucket") || refused.lastError().contains("does not exist"),
                    refused.lastError());
            assertTrue(refused.pendingRecords() > 0);
            s3.createBucket(b -> b.bucket(bucket));
            assertTrue(kms.auditDelivery().deliverNow(false));
            AuditDeliveryStatus taken = AuditDeliveryStatus.read(dir, kms.auditLogFile());
            assertNull(taken.lastError());
            assertEquals(0, taken.pendingRecords());
        }
        assertTrue(DeliveryFixture.verify(s3, bucket, dir).ok());
        // backoff stays within its bounds, with jitter
        try (AuditDelivery d = new AuditDelivery(dir, dir.resolve("none.log"), DeliveryFixture.settings(bucket,
                MotoServer.endpoint(), Duration.ofSeconds(30), LONG), null, ACCOUNT, "us-east-1",
                java.time.Clock.systemUTC(), DeliveryFixture.s3(), null)) {
            Set<Long> seen = new HashSet<>();
            for (int failures = 0; failures < 12; failures++) {
                long ms = d.backoff(failures).toMillis();
                long bound = Math.min(30_000, 1000L << failures);
                assertTrue(ms >= bound / 2 && ms <= bound, failures + ": " + ms);
                seen.add(ms);
            }
            assertTrue(seen.size() > 6, "jitter");
        }
    }
}
