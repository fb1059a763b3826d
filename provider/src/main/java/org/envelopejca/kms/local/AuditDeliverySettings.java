package org.envelopejca.kms.local;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how often the embedded engine delivers its audit log (see {@link AuditDelivery}).
 *
 * @param bucket         the S3 bucket and key prefix the CloudTrail-layout files go to
 * @param s3             how to reach S3
 * @param interval       how often new audit records are delivered (CloudTrail: about every 5 minutes)
 * @param digestInterval how often a signed digest file chains the files delivered since the last one (CloudTrail:
 *                       hourly)
 * @param signingKey     the key ID, ARN or alias of the RSA_2048 SIGN_VERIFY key of this KMS that signs the
 *                       digests, or null: the engine then uses {@link #DEFAULT_SIGNING_ALIAS}, creating the key and
 *                       the alias at the first digest
 */
public record AuditDeliverySettings(S3Location bucket, S3Access.Settings s3, Duration interval,
                                    Duration digestInterval, String signingKey) {

    /** The alias of the digest signing key the engine creates when none is named. */
    public static final String DEFAULT_SIGNING_ALIAS = "alias/envelope-audit-digest";
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DIGEST_INTERVAL = Duration.ofHours(1);
    /** The trail name in digest file names (CloudTrail names its digests after the trail). */
    public static final String TRAIL_NAME = "envelope";

    public AuditDeliverySettings {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(digestInterval, "digestInterval");
        if (interval.toMillis() < 10 || digestInterval.toMillis() < 10) {
            throw new IllegalArgumentException("audit delivery and digest intervals must be at least 10 ms");
        }
        signingKey = signingKey == null || signingKey.isBlank() ? null : signingKey.trim();
    }

    /** The signing key to use: the one named, else {@link #DEFAULT_SIGNING_ALIAS}. */
    public String signingKeyOrDefault() {
        return signingKey != null ? signingKey : DEFAULT_SIGNING_ALIAS;
    }
}
