package org.envelopejca.kms.local;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/** Copies in a versioned S3 bucket: one object key, a new object version per store change. */
public record S3CopyTarget(String bucket, String prefix) implements CopyTarget {

    public S3CopyTarget {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
    }

    static S3CopyTarget of(URI uri) {
        String bucket = uri.getHost();
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("copy target " + uri + " names no bucket (s3://bucket/prefix)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new S3CopyTarget(bucket, path);
    }

    @Override
    public String location() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    @Override
    public void put(long generation, byte[] rootHeader, byte[] sealedStore) throws IOException {
        throw new IOException("S3 copies not yet available");
    }

    @Override
    public List<CopyVersion> versions(int limit) throws IOException {
        throw new IOException("S3 copies not yet available");
    }

    @Override
    public StoreCopy read(String version) throws IOException {
        throw new IOException("S3 copies not yet available");
    }
}
