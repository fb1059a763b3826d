package org.envelopejca.kms.local;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Copies in an S3 bucket with versioning: one object key, {@code prefix/store.json}, a new object version per
 * store change (its generation in the object's metadata, {@code x-amz-meta-generation}), and
 * {@code prefix/root.json} once. Versioning is checked before every copy: without it each put would replace the one
 * copy there is, so a bucket whose versioning is off or suspended is refused (the copy fails, naming the reason).
 * The client comes from {@link S3Access} (credentials, region and endpoint by the SDK's chains); it is created at
 * first use and closed by {@link #close()} (the engine closes its targets when it closes).
 */
public final class S3CopyTarget implements CopyTarget {
    static final String STORE_NAME = "store.json";
    static final String GENERATION = "generation";
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_STORE_BYTES = 64 * 1024 * 1024;

    private final S3Location location;
    private final S3Access.Settings settings;
    private S3Client client;
    private boolean headerChecked;

    public S3CopyTarget(S3Location location, S3Access.Settings settings) {
        this.location = Objects.requireNonNull(location, "location");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String location() {
        return location.toString();
    }

    @Override
    public synchronized void put(long generation, byte[] rootHeader, byte[] sealedStore) throws IOException {
        try {
            S3Client s3 = client();
            BucketVersioningStatus status = s3.getBucketVersioning(b -> b.bucket(location.bucket())).status();
            if (status != BucketVersioningStatus.ENABLED) {
                throw new CopyFailedException("bucket " + location.bucket() + " has versioning "
                        + (status == null ? "never enabled" : status.toString().toLowerCase(java.util.Locale.ROOT))
                        + ": each copy would replace the last one, so none is written (aws s3api "
                        + "put-bucket-versioning --versioning-configuration Status=Enabled)");
            }
            if (!headerChecked) {
                byte[] held = readHeader(s3, false);
                if (held == null) {
                    s3.putObject(b -> b.bucket(location.bucket()).key(location.key(DirectoryCopyTarget.HEADER))
                            .contentType("application/json"), RequestBody.fromBytes(rootHeader));
                } else if (!MessageDigest.isEqual(held, rootHeader)) {
                    throw new CopyFailedException(location + " holds the copies of another store (its "
                            + DirectoryCopyTarget.HEADER + " differs); not written");
                }
                headerChecked = true;
            }
            s3.putObject(b -> b.bucket(location.bucket()).key(location.key(STORE_NAME))
                    .contentType("application/json")
                    .metadata(Map.of(GENERATION, Long.toString(generation))), RequestBody.fromBytes(sealedStore));
        } catch (SdkException e) {
            // the caller names the target
            throw new IOException(describe(e), e);
        }
    }

    @Override
    public synchronized List<CopyVersion> versions(int limit) throws IOException {
        String key = location.key(STORE_NAME);
        List<CopyVersion> found = new ArrayList<>();
        try {
            S3Client s3 = client();
            String keyMarker = null;
            String versionMarker = null;
            while (found.size() < limit) {
                String km = keyMarker;
                String vm = versionMarker;
                ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(location.bucket()).prefix(key)
                        .keyMarker(km).versionIdMarker(vm));
                // S3 lists the versions of a key newest first
                for (ObjectVersion v : page.versions()) {
                    if (v.key().equals(key) && found.size() < limit) {
                        found.add(new CopyVersion(v.versionId(), generation(s3.headObject(h -> h
                                .bucket(location.bucket()).key(key).versionId(v.versionId())), v.versionId())));
                    }
                }
                if (!Boolean.TRUE.equals(page.isTruncated())) {
                    break;
                }
                keyMarker = page.nextKeyMarker();
                versionMarker = page.nextVersionIdMarker();
            }
        } catch (SdkException e) {
            throw new IOException(location + ": " + describe(e), e);
        }
        return List.copyOf(found);
    }

    @Override
    public synchronized StoreCopy read(String version) throws IOException {
        String key = location.key(STORE_NAME);
        try {
            S3Client s3 = client();
            byte[] header = readHeader(s3, true);
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(location.bucket()).key(key)
                    .versionId(version))) {
                long generation = generation(in.response().metadata(), version);
                return new StoreCopy(location(), in.response().versionId(), generation, header,
                        bounded(in, MAX_STORE_BYTES, key));
            }
        } catch (SdkException e) {
            throw new IOException(location + " version " + version + ": " + describe(e), e);
        }
    }

    /** Closes the client; a later use opens a new one. */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /** S3's error code (NoSuchBucket, AccessDenied, ...) first, where S3 answered. */
    private static String describe(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null
                && s.awsErrorDetails().errorCode() != null) {
            return s.awsErrorDetails().errorCode() + " (HTTP " + s.statusCode() + "): "
                    + s.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }

    private S3Client client() {
        if (client == null) {
            client = S3Access.client(settings);
        }
        return client;
    }

    private byte[] readHeader(S3Client s3, boolean required) throws IOException {
        String key = location.key(DirectoryCopyTarget.HEADER);
        try (InputStream in = s3.getObject(b -> b.bucket(location.bucket()).key(key))) {
            return bounded(in, MAX_HEADER_BYTES, key);
        } catch (NoSuchKeyException e) {
            if (required) {
                throw new IOException(location + " holds no " + DirectoryCopyTarget.HEADER, e);
            }
            return null;
        }
    }

    private long generation(HeadObjectResponse head, String version) throws IOException {
        return generation(head.metadata(), version);
    }

    private long generation(Map<String, String> metadata, String version) throws IOException {
        String g = metadata.get(GENERATION);
        try {
            return Long.parseLong(Objects.requireNonNull(g));
        } catch (NullPointerException | NumberFormatException e) {
            throw new StoreIntegrityException(java.nio.file.Path.of(location(), STORE_NAME),
                    "version " + version + " has no generation in its metadata; not a store copy");
        }
    }

    private byte[] bounded(InputStream in, int max, String key) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        if (bytes.length > max) {
            throw new StoreIntegrityException(java.nio.file.Path.of(location.bucket(), key), "larger than " + max
                    + " bytes");
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "S3CopyTarget[" + location + "]";
    }
}
