package org.envelopejca.kms.local;

import java.util.UUID;
import org.envelopejca.kms.aws.MotoServer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** Moto's S3 for the tests of this module and of the command line: credentials and fresh buckets. */
public final class MotoS3 {
    public static final String REGION = "us-east-1";

    private MotoS3() {
    }

    /**
     * Any static credentials do for Moto (it checks the signature's form, not the secret); the engine's S3 clients
     * read these through the SDK's default chain. Kept when the run has credentials of its own.
     */
    public static void credentials() {
        if (System.getProperty("aws.accessKeyId") == null && System.getenv("AWS_ACCESS_KEY_ID") == null) {
            System.setProperty("aws.accessKeyId", "AKIDMOTOTEST");
            System.setProperty("aws.secretAccessKey", "moto-test-secret");
        }
    }

    /** Settings for the run's Moto server, path-style, with no bucket owner condition. */
    public static S3Access.Settings settings(int maxAttempts) {
        return new S3Access.Settings(REGION, MotoServer.endpoint(), true, REGION, maxAttempts);
    }

    /** A new bucket named {@code prefix}-random; {@code versioning} null leaves versioning as S3 starts it (off). */
    public static String bucket(String prefix, BucketVersioningStatus versioning) {
        credentials();
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Client s3 = S3Access.client(settings(2))) {
            s3.createBucket(b -> b.bucket(name));
            if (versioning != null) {
                s3.putBucketVersioning(b -> b.bucket(name).versioningConfiguration(v -> v.status(versioning)));
            }
        }
        return name;
    }
}
