package org.envelopejca.keystore;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.envelopejca.kms.local.CopyTarget;
import org.envelopejca.kms.local.S3Access;
import org.envelopejca.kms.local.S3Location;

/**
 * Where the embedded KMS copies its sealed store ({@code local.copies}), how many copies a change needs
 * ({@code local.copies-required}) and how S3 is reached ({@code local.s3-endpoint}, {@code local.s3-region},
 * {@code local.s3-path-style}, {@code local.s3-expected-owner}; credentials always by the SDK's default chain).
 *
 * @param targets    directories and {@code s3://bucket/prefix} locations, as configured
 * @param required   copies that must succeed before a change is applied (0: best effort)
 * @param s3Endpoint S3 endpoint override, or null for the SDK's endpoint settings
 * @param s3Region   S3 region, or null for the SDK's region chain (then {@code local.region})
 * @param s3PathStyle path-style S3 addressing (a test server on a loopback address)
 * @param s3ExpectedOwner the 12-digit AWS account ID that must own the copy buckets, or null for no such condition
 */
public record StoreCopiesConfig(List<String> targets, int required, URI s3Endpoint, String s3Region,
                                boolean s3PathStyle, String s3ExpectedOwner) {
    public static final StoreCopiesConfig NONE = new StoreCopiesConfig(List.of(), 0, null, null, false, null);

    public StoreCopiesConfig {
        List<String> cleaned = new ArrayList<>();
        for (String t : Objects.requireNonNull(targets, "targets")) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("property local.copies has an empty target");
            }
            String target = t.trim();
            if (target.startsWith("s3://")) {
                try {
                    S3Location.parse(target);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("property local.copies: " + e.getMessage(), e);
                }
            } else if (target.contains("://")) {
                throw new IllegalArgumentException("property local.copies: " + target + " is neither a directory "
                        + "nor s3://bucket/prefix");
            }
            cleaned.add(target);
        }
        targets = List.copyOf(cleaned);
        if (required < 0 || required > targets.size()) {
            throw new IllegalArgumentException("property local.copies-required is " + required + " but "
                    + targets.size() + " copy targets are configured (local.copies)");
        }
        s3Region = s3Region == null || s3Region.isBlank() ? null : s3Region.trim();
        // endpoint and owner checked as S3Access will use them
        new S3Access.Settings(null, s3Endpoint, s3PathStyle, "us-east-1", 3, s3ExpectedOwner);
    }

    /** Refuses a copy directory that is the store's own directory: a copy there is lost with the store. */
    void checkAgainst(Path localPath) {
        for (String t : targets) {
            if (!t.startsWith("s3://")
                    && Path.of(t).toAbsolutePath().normalize().equals(localPath.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("property local.copies names the store's own directory ("
                        + localPath + "): a copy there is lost with the store");
            }
        }
    }

    /** How the copy targets reach S3; {@code localRegion} when neither {@code s3Region} nor the SDK gives one. */
    public S3Access.Settings s3(String localRegion) {
        return new S3Access.Settings(s3Region, s3Endpoint, s3PathStyle, localRegion, 3, s3ExpectedOwner);
    }

    /** The targets, ready for {@code LocalKmsOptions.Builder.copies}. */
    public List<CopyTarget> open(String localRegion) {
        S3Access.Settings s3 = s3(localRegion);
        return targets.stream().map(t -> CopyTarget.parse(t, s3)).toList();
    }
}
