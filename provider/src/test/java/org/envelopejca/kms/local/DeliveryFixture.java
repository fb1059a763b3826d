package org.envelopejca.kms.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.aws.MotoServer;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Audit delivery against the test run's Moto server: settings, S3 access, reading back what was delivered. */
final class DeliveryFixture {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "111122223333";

    private DeliveryFixture() {
    }

    static void credentials() {
        MotoS3.credentials();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static AuditDeliverySettings settings(String bucket, URI endpoint, Duration interval, Duration digestInterval) {
        return new AuditDeliverySettings(S3Location.parse("s3://" + bucket + "/trail"),
                new S3Access.Settings(REGION, endpoint, true, REGION, 2), interval, digestInterval, null);
    }

    static S3Client s3() {
        credentials();
        return S3Access.client(new S3Access.Settings(REGION, MotoServer.endpoint(), true, REGION, 2));
    }

    static LocalKms open(Path dir, AuditDeliverySettings delivery) throws Exception {
        return open(dir, delivery, java.time.Clock.systemUTC());
    }

    static LocalKms open(Path dir, AuditDeliverySettings delivery, java.time.Clock clock) throws Exception {
        return LocalKms.open(dir, LocalKmsOptions.builder().region(REGION).account(ACCOUNT).clock(clock)
                .auditDelivery(delivery).build());
    }

    /** A few calls of the kinds the log records: a key, data keys with an encryption context, a failure. */
    static void someCalls(LocalKms kms, int n) throws Exception {
        KeyMetadata key = kms.createKey(org.envelopejca.kms.CreateKeyRequest.symmetric("delivery test"));
        for (int i = 0; i < n; i++) {
            kms.generateDataKey(key.keyId(), 32, Map.of("purpose", "delivery-test", "i", Integer.toString(i)));
        }
        try {
            kms.describeKey("00000000-0000-0000-0000-000000000000");
        } catch (org.envelopejca.kms.KmsException expected) {
            // recorded as a failed call
        }
    }

    static AuditBucketVerification.Report verify(S3Client s3, String bucket, Path dir) throws Exception {
        return verify(s3, bucket, dir, signingKeys(dir));
    }

    static AuditBucketVerification.Report verify(S3Client s3, String bucket, Path dir, List<byte[]> keys)
            throws Exception {
        return new AuditBucketVerification(s3, S3Location.parse("s3://" + bucket + "/trail"), ACCOUNT, REGION, keys)
                .verify(dir);
    }

    /** The digest signing key's public key, from GetPublicKey (the store must be closed). */
    static List<byte[]> signingKeys(Path dir) throws Exception {
        AuditDeliveryState state = AuditDeliveryState.read(dir);
        List<byte[]> keys = new ArrayList<>();
        try (LocalKms kms = open(dir, null)) {
            keys.add(kms.getPublicKey(state.signingKeyArn()).publicKey());
        }
        return keys;
    }

    /** Every object under the bucket, content and user metadata. */
    record Stored(byte[] content, Map<String, String> metadata) {
    }

    static Map<String, Stored> snapshot(S3Client s3, String bucket) {
        Map<String, Stored> all = new HashMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key()));
            all.put(o.key(), new Stored(r.asByteArray(), r.response().metadata()));
        }
        return all;
    }

    static void restore(S3Client s3, String bucket, Map<String, Stored> snapshot) {
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            if (!snapshot.containsKey(o.key())) {
                s3.deleteObject(b -> b.bucket(bucket).key(o.key()));
            }
        }
        snapshot.forEach((key, stored) -> put(s3, bucket, key, stored.content(), stored.metadata()));
    }

    static void put(S3Client s3, String bucket, String key, byte[] content, Map<String, String> metadata) {
        s3.putObject(b -> b.bucket(bucket).key(key).metadata(metadata), RequestBody.fromBytes(content));
    }

    /** The records of every delivered log file, in key order. */
    static List<JsonNode> deliveredRecords(S3Client s3, String bucket) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("trail/AWSLogs/" + ACCOUNT
                + "/CloudTrail/")).contents()) {
            keys.add(o.key());
        }
        keys.sort(null);
        for (String key : keys) {
            byte[] gz = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            for (JsonNode r : Json.MAPPER.readTree(CloudTrailFiles.gunzip(gz)).path("Records")) {
                records.add(r);
            }
        }
        return records;
    }

    /** The audit log's lines (parsed). */
    static List<JsonNode> auditLines(Path dir) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(AuditLog.DEFAULT_NAME))) {
            lines.add(Json.MAPPER.readTree(line));
        }
        return lines;
    }
}
