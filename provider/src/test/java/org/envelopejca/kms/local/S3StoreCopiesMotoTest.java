package org.envelopejca.kms.local;

import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeyState;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.aws.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.envelopejca.kms.local.StoreCopiesTest.PASSWORD;
import static org.envelopejca.kms.local.StoreCopiesTest.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Store copies in a versioned S3 bucket (Moto): versions, restore from a version, S3 down, S3 refusing writes. */
@ExtendWith(MotoServer.class)
class S3StoreCopiesMotoTest {
    private static final String REGION = "us-east-1";
    private static boolean setCredentials;

    @TempDir
    Path tmp;

    /** Any static credentials do for Moto; the copy targets find them through the SDK's default chain. */
    @BeforeAll
    static void credentials() {
        if (System.getProperty("aws.accessKeyId") == null && System.getenv("AWS_ACCESS_KEY_ID") == null) {
            System.setProperty("aws.accessKeyId", "AKIDMOTOTEST");
            System.setProperty("aws.secretAccessKey", "moto-test-secret");
            setCredentials = true;
        }
    }

    @AfterAll
    static void forgetCredentials() {
        if (setCredentials) {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    private static S3Access.Settings moto() {
        return new S3Access.Settings(REGION, MotoServer.endpoint(), true, REGION, 1);
    }

    private static String bucket(BucketVersioningStatus versioning) {
        return MotoS3.bucket("copies", versioning);
    }

    private static S3CopyTarget target(String bucket, S3Access.Settings settings) {
        return new S3CopyTarget(S3Location.parse("s3://" + bucket + "/envelope/prod"), settings);
    }

    @Test
    void everyChangeIsANewObjectVersionAndAnyVersionRestores() throws Exception {
        String bucket = bucket(BucketVersioningStatus.ENABLED);
        Path store = tmp.resolve("store");
        String keyId;
        try (S3CopyTarget target = target(bucket, moto());
             LocalKms kms = LocalKms.open(store, options(PASSWORD, List.of(target), 1))) {
            keyId = kms.createKey(CreateKeyRequest.symmetric("in s3")).keyId();
            kms.disableKey(keyId);
        }
        try (S3Client s3 = S3Access.client(moto()); S3CopyTarget target = target(bucket, moto())) {
            List<ObjectVersion> versions = s3.listObjectVersions(b -> b.bucket(bucket)
                    .prefix("envelope/prod/store.json")).versions();
            assertEquals(3, versions.size(), "created, key created, key disabled");
            ResponseBytes<GetObjectResponse> latest = s3.getObjectAsBytes(b -> b.bucket(bucket)
                    .key("envelope/prod/store.json"));
            assertArrayEquals(Files.readAllBytes(store.resolve(StoreFile.NAME)), latest.asByteArray());
            List<CopyVersion> listed = target.versions(10);
            assertEquals(3, listed.size());
            assertTrue(listed.get(0).generation() > listed.get(1).generation(), "newest first");

            // the disk is lost: the newest version brings the store back
            Path restored = tmp.resolve("restored");
            StoreRestore.Result newest = StoreRestore.restore(restored, options(PASSWORD, List.of(), 0), target,
                    null, null, false);
            assertEquals(listed.get(0).version(), newest.version());
            // an older version only when allowed
            String enabledVersion = listed.get(1).version();
            assertThrows(StoreRollbackException.class, () -> StoreRestore.restore(restored,
                    options(PASSWORD, List.of(), 0), target, enabledVersion, null, false));
            StoreRestore.Result older = StoreRestore.restore(restored, options(PASSWORD, List.of(), 0), target,
                    enabledVersion, null, true);
            assertEquals(listed.get(1).generation(), older.copyGeneration());
            try (LocalKms kms = LocalKms.open(restored, options(PASSWORD, List.of(), 0))) {
                assertEquals(KeyState.ENABLED, kms.describeKey(keyId).keyState());
            }
            String audit = Files.readString(restored.resolve(AuditLog.DEFAULT_NAME));
            assertTrue(audit.contains("\"version\":\"" + enabledVersion + "\""), audit);

            // whoever may write the bucket uploads the oldest version again on top, metadata and all; a fresh disk
            // restoring "the newest" must still see that a newer generation exists and refuse
            CopyVersion oldest = listed.get(2);
            var old = s3.getObjectAsBytes(b -> b.bucket(bucket).key("envelope/prod/store.json")
                    .versionId(oldest.version()));
            s3.putObject(b -> b.bucket(bucket).key("envelope/prod/store.json").metadata(old.response().metadata()),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(old.asByteArray()));
            assertThrows(StoreRollbackException.class, () -> StoreRestore.restore(tmp.resolve("fresh"),
                    options(PASSWORD, List.of(), 0), target, null, null, false));
        }
    }

    @Test
    void s3DownFailsChangesButNotTheCallsThatChangeNothing() throws Exception {
        String bucket = bucket(BucketVersioningStatus.ENABLED);
        Path store = tmp.resolve("store");
        String keyId;
        try (S3CopyTarget target = target(bucket, moto());
             LocalKms kms = LocalKms.open(store, options(PASSWORD, List.of(target), 1))) {
            keyId = kms.createKey(CreateKeyRequest.symmetric("")).keyId();
        }
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        S3Access.Settings down = new S3Access.Settings(REGION, URI.create("http://127.0.0.1:" + closedPort), true,
                REGION, 1);
        byte[] before = Files.readAllBytes(store.resolve(StoreFile.NAME));
        try (S3CopyTarget target = target(bucket, down);
             LocalKms kms = LocalKms.open(store, options(PASSWORD, List.of(target), 1))) {
            Stores.assertKmsError(KmsErrorCode.INTERNAL, () -> kms.disableKey(keyId));
            assertArrayEquals(before, Files.readAllBytes(store.resolve(StoreFile.NAME)));
            byte[] blob = kms.encrypt(keyId, "z".getBytes(StandardCharsets.UTF_8), Map.of(), null).ciphertextBlob();
            assertEquals(KeyState.ENABLED, kms.describeKey(keyId).keyState());
            assertArrayEquals("z".getBytes(StandardCharsets.UTF_8), kms.decrypt(blob, keyId, Map.of(), null)
                    .plaintext());
        }
    }

    @Test
    void aBucketWithoutVersioningOrWithoutBucketIsRefused() throws Exception {
        for (String bucket : List.of(bucket(null), bucket(BucketVersioningStatus.SUSPENDED),
                "no-such-bucket-" + UUID.randomUUID().toString().substring(0, 8))) {
            Path store = tmp.resolve(bucket);
            try (S3CopyTarget target = target(bucket, moto())) {
                CopyFailedException e = assertThrows(CopyFailedException.class,
                        () -> LocalKms.open(store, options(PASSWORD, List.of(target), 1)));
                assertTrue(e.getMessage().contains(bucket.startsWith("no-such") ? "NoSuchBucket" : "versioning"),
                        e.getMessage());
                assertFalse(Files.exists(store.resolve(LocalKms.ROOT_HEADER)), "no store was created");
            }
        }
        // versioning suspended after copies began: the next change fails, the store stays as it was
        String bucket = bucket(BucketVersioningStatus.ENABLED);
        Path store = tmp.resolve("suspended-later");
        try (S3CopyTarget target = target(bucket, moto());
             LocalKms kms = LocalKms.open(store, options(PASSWORD, List.of(target), 1))) {
            try (S3Client s3 = S3Access.client(moto())) {
                s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v
                        .status(BucketVersioningStatus.SUSPENDED)));
            }
            byte[] before = Files.readAllBytes(store.resolve(StoreFile.NAME));
            var failure = Stores.assertKmsError(KmsErrorCode.INTERNAL,
                    () -> kms.createKey(CreateKeyRequest.symmetric("")));
            assertTrue(failure.getMessage().contains("versioning suspended"), failure.getMessage());
            assertArrayEquals(before, Files.readAllBytes(store.resolve(StoreFile.NAME)));
        }
    }
}
