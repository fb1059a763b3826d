package org.envelopejca.keyring.kms;

import java.util.Objects;
import java.util.Optional;

/**
 * An AWS KMS ARN taken apart, and the identifier rules the KMS keyrings apply. Spec: framework/aws-kms/aws-kms-key-arn.md
 * (a valid AWS KMS ARN, a valid identifier, identifying multi-Region keys) and aws-kms-mrk-match-for-decrypt.md.
 *
 * @param partition    e.g. {@code aws}
 * @param region       e.g. {@code us-east-1}
 * @param account      the account ID
 * @param resourceType {@code key} or {@code alias}
 * @param resourceId   the key ID ({@code mrk-…} for multi-Region keys) or the alias name
 */
public record KmsArn(String partition, String region, String account, String resourceType, String resourceId) {

    public KmsArn {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceId, "resourceId");
    }

    /** The ARN when {@code text} is a valid AWS KMS ARN (of a key or an alias), else empty. */
    public static Optional<KmsArn> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        // Spec: six parts delimited by five colons; the resource part may itself contain '/' but not ':'.
        String[] parts = text.split(":", -1);
        if (parts.length != 6 || !parts[0].equals("arn") || parts[1].isEmpty() || !parts[2].equals("kms")
                || parts[3].isEmpty() || parts[4].isEmpty()) {
            return Optional.empty();
        }
        String resource = parts[5];
        int slash = resource.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String type = resource.substring(0, slash);
        String id = resource.substring(slash + 1);
        if (!(type.equals("key") || type.equals("alias")) || id.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new KmsArn(parts[1], parts[3], parts[4], type, id));
    }

    /** The ARN when {@code text} is a valid key ARN (resource type {@code key}), else empty. */
    public static Optional<KmsArn> parseKeyArn(String text) {
        return parse(text).filter(KmsArn::isKey);
    }

    /** Whether {@code id} is a key ARN, an alias ARN, an alias name ({@code alias/…}) or a bare key ID. */
    public static boolean isValidIdentifier(String id) {
        if (id == null || id.isEmpty()) {
            return false;
        }
        if (id.startsWith("arn:")) {
            return parse(id).isPresent();
        }
        if (id.startsWith("alias/")) {
            return id.length() > "alias/".length();
        }
        return !id.contains(":") && !id.contains("/");
    }

    /** Spec: identifying a multi-Region identifier: ARNs by their resource, aliases never, bare IDs by prefix. */
    public static boolean isMultiRegionIdentifier(String id) {
        if (id.startsWith("arn:")) {
            return parse(id).map(KmsArn::isMultiRegionKey).orElse(false);
        }
        if (id.startsWith("alias/")) {
            return false;
        }
        return id.startsWith("mrk-");
    }

    /**
     * Spec: aws-kms-mrk-match-for-decrypt.md: identical identifiers match; otherwise both must be multi-Region key
     * ARNs that agree in everything but the region.
     */
    public static boolean mrkMatch(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        Optional<KmsArn> x = parse(a);
        Optional<KmsArn> y = parse(b);
        if (x.isEmpty() || y.isEmpty() || !x.get().isMultiRegionKey() || !y.get().isMultiRegionKey()) {
            return false;
        }
        return x.get().withRegion(y.get().region()).equals(y.get());
    }

    public boolean isKey() {
        return resourceType.equals("key");
    }

    public boolean isMultiRegionKey() {
        return isKey() && resourceId.startsWith("mrk-");
    }

    public KmsArn withRegion(String newRegion) {
        return new KmsArn(partition, newRegion, account, resourceType, resourceId);
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":kms:" + region + ":" + account + ":" + resourceType + "/" + resourceId;
    }
}
