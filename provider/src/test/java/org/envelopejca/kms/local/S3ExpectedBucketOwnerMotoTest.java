package org.envelopejca.kms.local;

import static org.envelopejca.kms.local.StoreCopiesTest.PASSWORD;
import static org.envelopejca.kms.local.StoreCopiesTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.aws.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * {@code local.s3-expected-owner}: every request the engine's S3 clients send (store copies, restore, audit delivery,
 * the check of delivered files) carries S3's bucket owner condition, signed, when it is set, and none when it is not
 * (AWS S3 User Guide, "Verifying bucket ownership with bucket owner condition"). What is checked is what leaves the
 * SDK (see {@link SentS3Requests}). Moto 5.2 takes the header but does not compare it with the bucket's owner, so a
 * refusal by S3 cannot be shown here.
 */
@ExtendWith(MotoServer.class)
class S3ExpectedBucketOwnerMotoTest {
    private static final String REGION = DeliveryFixture.REGION;
    private static final String OWNER = "012345678901";

    @TempDir
    Path tmp;

    @BeforeAll
    static void credentials() {
        DeliveryFixture.credentials();
    }

    private static S3Access.Settings settings(String owner) {
        return new S3Access.Settings(REGION, MotoServer.endpoint(), true, REGION, 1, owner);
    }

    /** With an owner: each request carries it once, signed; without: no request carries the header. */
    private static void assertOwner(String owner, List<SentS3Requests.Sent> sent) {
        for (SentS3Requests.Sent s : sent) {
            if (owner == null) {
                assertEquals(List.of(), s.ownerHeader(), s.toString());
            } else {
                assertEquals(List.of(owner), s.ownerHeader(), s.toString());
                assertTrue(s.ownerSigned(), "the signature covers the owner: " + s);
            }
        }
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = OWNER)
    void storeCopiesAndTheirRestoreSendTheOwnerOnEveryRequest(String owner) throws Exception {
        String bucket = MotoS3.bucket("owner-copies", BucketVersioningStatus.ENABLED);
        SentS3Requests.watch(bucket);
        S3Location at = S3Location.parse("s3://" + bucket + "/envelope/prod");
        try (S3CopyTarget target = new S3CopyTarget(at, settings(owner));
             LocalKms kms = LocalKms.open(tmp.resolve("store"), options(PASSWORD, List.of(target), 1))) {
            kms.createKey(CreateKeyRequest.symmetric("owned"));
        }
        try (S3CopyTarget target = new S3CopyTarget(at, settings(owner))) {
            assertEquals(2, target.versions(10).size(), "created, key created");
            StoreRestore.restore(tmp.resolve("restored"), options(PASSWORD, List.of(), 0), target, null, null, false);
        }
        List<SentS3Requests.Sent> sent = SentS3Requests.forget(bucket);
        // every kind of request copies and restore make, so that none is left out of the check below
        assertEquals(Set.of("GetBucketVersioning", "GetObject", "PutObject", "ListObjectVersions", "HeadObject"),
                SentS3Requests.operations(sent));
        assertOwner(owner, sent);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = OWNER)
    void auditDeliveryAndTheCheckOfTheBucketSendTheOwnerOnEveryRequest(String owner) throws Exception {
        String bucket = MotoS3.bucket("owner-audit", null);
        SentS3Requests.watch(bucket);
        Path dir = tmp.resolve("kms");
        AuditDeliverySettings delivery = new AuditDeliverySettings(S3Location.parse("s3://" + bucket + "/trail"),
                settings(owner), Duration.ofHours(1), Duration.ofMillis(10), null);
        try (LocalKms kms = DeliveryFixture.open(dir, delivery)) {
            DeliveryFixture.someCalls(kms, 2);
            assertTrue(kms.auditDelivery().deliverNow(false), "delivered");
        }
        List<SentS3Requests.Sent> delivered = SentS3Requests.forget(bucket);
        assertEquals(Set.of("PutObject"), SentS3Requests.operations(delivered));
        assertOwner(owner, delivered);

        List<byte[]> keys = DeliveryFixture.signingKeys(dir);
        SentS3Requests.watch(bucket);
        try (S3Client s3 = S3Access.client(settings(owner))) {
            AuditBucketVerification.Report report = DeliveryFixture.verify(s3, bucket, dir, keys);
            assertTrue(report.ok(), report.problems().toString());
            assertTrue(report.files() > 0 && report.digests() > 0, report.toString());
        }
        List<SentS3Requests.Sent> read = SentS3Requests.forget(bucket);
        assertEquals(Set.of("GetObject", "ListObjectsV2"), SentS3Requests.operations(read));
        assertOwner(owner, read);
    }

    @Test
    void aRequestThatCannotCarryTheOwnerIsNotSent() {
        String bucket = DeliveryFixture.unique("owner-create");
        SentS3Requests.watch(bucket);
        try (S3Client s3 = S3Access.client(settings(OWNER))) {
            // CreateBucket has no bucket owner condition in S3's API
            SdkClientException e = assertThrows(SdkClientException.class, () -> s3.createBucket(b -> b.bucket(bucket)));
            assertTrue(e.getMessage().contains("CreateBucketRequest cannot carry the expected bucket owner"),
                    e.getMessage());
        }
        assertEquals(List.of(), SentS3Requests.forget(bucket));
        try (S3Client s3 = DeliveryFixture.s3()) {
            assertFalse(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket)), "not created");
        }
    }
}
