package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.envelopejca.kms.aws.MotoServer;
import org.envelopejca.kms.local.MotoS3;
import org.envelopejca.kms.local.S3Access;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@code audit status} and {@code audit verify --bucket} against an embedded KMS delivering to Moto's S3. */
@ExtendWith(MotoServer.class)
class AuditDeliveryCommandTest {

    @TempDir
    Path dir;

    @Test
    void statusAndBucketVerification() throws Exception {
        String bucket = MotoS3.bucket("cli-audit", null);
        try (S3Client s3 = S3Access.client(MotoS3.settings(2))) {
            KmsStore store = KmsStore.in(dir, "local.audit-bucket=s3://" + bucket + "/envelope",
                    "local.s3-endpoint=" + MotoServer.endpoint(), "local.s3-path-style=true",
                    "local.s3-region=us-east-1", "local.audit-delivery-interval=PT1H",
                    "local.audit-digest-interval=PT0.01S");
            // each command's engine delivers at its close, with a digest of what it delivered
            store.ok("keys create", "--description", "one");
            store.ok("keys create", "--description", "two");
            store.ok("keys list");

            String status = store.ok("audit status");
            assertTrue(status.contains("s3://" + bucket + "/envelope"), status);
            assertTrue(status.contains("pending records:"), status);
            JsonNode json = store.json("audit status");
            assertTrue(json.path("deliveredDigests").asLong() >= 3, json.toString());
            assertTrue(json.path("lastError").isNull(), json.toString());

            CliRun ok = store.run("audit verify", "--bucket", bucket);
            assertEquals(EnvelopeCli.OK, ok.exitCode(), ok.stdoutAsText() + ok.stderr());
            assertTrue(ok.stdoutAsText().startsWith("OK: "), ok.stdoutAsText());

            List<String> logs = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("envelope/AWSLogs/"))
                    .contents().stream().map(S3Object::key).filter(k -> k.contains("/CloudTrail/")).sorted().toList();
            s3.deleteObject(b -> b.bucket(bucket).key(logs.get(0)));
            CliRun broken = store.run("audit verify", "--bucket", bucket);
            assertEquals(EnvelopeCli.DECRYPTION_FAILED, broken.exitCode(), broken.stdoutAsText() + broken.stderr());
            assertTrue(broken.stdoutAsText().contains("FILE_MISSING " + logs.get(0)), broken.stdoutAsText());
        }
    }
}
