package org.envelopejca.kms.local;

import java.util.Objects;
import java.util.regex.Pattern;
import org.envelopejca.kms.UntrustedText;

/**
 * A place in S3: a bucket and a key prefix, written {@code s3://bucket/prefix} (the prefix may be empty). The bucket
 * follows S3's general-purpose bucket naming rules (3 to 63 characters; lowercase letters, digits, dots and hyphens;
 * a letter or digit at each end; no two adjacent dots; not an IP address). The prefix is kept without a leading or
 * trailing slash; object keys are {@code prefix/name}.
 *
 * @param bucket the bucket name
 * @param prefix the key prefix without leading or trailing slash, possibly empty
 */
public record S3Location(String bucket, String prefix) {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Leaves room under S3's 1024-byte key limit for the names written below the prefix. */
    static final int MAX_PREFIX = 512;

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || IP.matcher(bucket).matches()) {
            throw new IllegalArgumentException("not an S3 bucket name: " + UntrustedText.quote(bucket));
        }
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (prefix.length() > MAX_PREFIX) {
            throw new IllegalArgumentException("S3 key prefix longer than " + MAX_PREFIX + " characters");
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new IllegalArgumentException("S3 key prefix holds a control character or a backslash");
            }
        }
        if (prefix.contains("//")) {
            throw new IllegalArgumentException("S3 key prefix holds an empty segment");
        }
    }

    /**
     * Parses {@code s3://bucket} or {@code s3://bucket/prefix}.
     *
     * @throws IllegalArgumentException when the text is not such a location
     */
    public static S3Location parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim();
        if (!t.startsWith("s3://")) {
            throw new IllegalArgumentException("an S3 location is written s3://bucket/prefix");
        }
        String rest = t.substring("s3://".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? new S3Location(rest, "") : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The object key of {@code name} under this prefix. */
    public String key(String name) {
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The prefix to list everything under this location: empty, or {@code prefix/}. */
    public String listPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    @Override
    public String toString() {
        return prefix.isEmpty() ? "s3://" + bucket : "s3://" + bucket + "/" + prefix;
    }
}
