package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.envelopejca.kms.aws.MotoServer;
import org.envelopejca.kms.local.MotoS3;
import org.envelopejca.kms.local.SentS3Requests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * {@code local.s3-expected-owner} in the commands that read buckets outside the engine ({@code keys restore --from
 * s3://…}, {@code audit verify --bucket}): they take it from {@code --keystore} with the other {@code local.s3-*}
 * settings, also when that keystore names neither copies nor an audit bucket, and send it on every request.
 */
@ExtendWith(MotoServer.class)
class S3ExpectedOwnerCommandTest {
    private static final String OWNER = "012345678901";

    @TempDir
    Path dir;

    @Test
    void restoreAndBucketVerificationSendTheKeystoresOwnerOnEveryRequest() throws Exception {
        String bucket = MotoS3.bucket("cli-owner", BucketVersioningStatus.ENABLED);
        List<String> s3Settings = List.of("local.s3-endpoint=" + MotoServer.endpoint(), "local.s3-path-style=true",
                "local.s3-region=us-east-1", "local.s3-expected-owner=" + OWNER);
        List<String> writing = new ArrayList<>(List.of("local.copies=s3://" + bucket + "/copies",
                "local.copies-required=1", "local.audit-bucket=s3://" + bucket + "/audit",
                "local.audit-delivery-interval=PT1H", "local.audit-digest-interval=PT0.01S"));
        writing.addAll(s3Settings);
        KmsStore.in(dir, writing.toArray(String[]::new)).ok("keys create", "--alias", "owned");

        // the same store, configured without copies and without delivery
        KmsStore reading = KmsStore.in(dir, s3Settings.toArray(String[]::new));
        SentS3Requests.watch(bucket);
        CliRun verify = reading.run("audit verify", "--bucket", bucket, "--prefix", "audit");
        assertEquals(EnvelopeCli.OK, verify.exitCode(), verify::toString);
        List<SentS3Requests.Sent> verifying = SentS3Requests.forget(bucket);
        assertEquals(java.util.Set.of("GetObject", "ListObjectsV2"), SentS3Requests.operations(verifying));
        assertOwner(verifying);

        SentS3Requests.watch(bucket);
        String restored = reading.ok("keys restore", "--from", "s3://" + bucket + "/copies");
        assertTrue(restored.contains("restored the embedded KMS"), restored);
        List<SentS3Requests.Sent> restoring = SentS3Requests.forget(bucket);
        assertEquals(java.util.Set.of("GetObject", "HeadObject", "ListObjectVersions"),
                SentS3Requests.operations(restoring));
        assertOwner(restoring);
    }

    private static void assertOwner(List<SentS3Requests.Sent> sent) {
        for (SentS3Requests.Sent s : sent) {
            assertEquals(List.of(OWNER), s.ownerHeader(), s.toString());
            assertTrue(s.ownerSigned(), s.toString());
        }
    }
}
