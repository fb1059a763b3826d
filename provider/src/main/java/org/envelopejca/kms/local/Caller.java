package org.envelopejca.kms.local;

import org.envelopejca.kms.policy.AwsPrincipal;

import java.util.Objects;

/**
 * Who makes a call, as the audit log records it (CloudTrail {@code userIdentity}, {@code sourceIPAddress},
 * {@code userAgent}). An HTTP endpoint in front of the engine sets the requesting access key per call through
 * {@link LocalKms#withCaller(Caller)}.
 *
 * @param principalId     the principal (CloudTrail {@code userIdentity.principalId}); never null
 * @param accessKeyId     the access key used, or null
 * @param sourceIpAddress where the call came from, or null (recorded as {@code localhost})
 * @param userAgent       the client, or null
 * @param principalArn    the IAM principal ARN policies see, or null (then {@link #principal(String)} decides)
 * @param identityPolicies the principal's identity policies (none for in-process callers)
 */
public record Caller(String principalId, String accessKeyId, String sourceIpAddress, String userAgent,
                     String principalArn, java.util.List<org.envelopejca.kms.policy.PolicyDocument> identityPolicies) {
    /** The caller of an embedded engine that nobody configured. */
    public static final Caller LOCAL = new Caller("local", null, null, null);

    public Caller {
        Objects.requireNonNull(principalId, "principalId");
        identityPolicies = identityPolicies == null ? java.util.List.of() : java.util.List.copyOf(identityPolicies);
    }

    /** A caller known by name only: its principal is {@code principalId} when that is an IAM ARN, else the root. */
    public Caller(String principalId, String accessKeyId, String sourceIpAddress, String userAgent) {
        this(principalId, accessKeyId, sourceIpAddress, userAgent, null, null);
    }

    /**
     * The principal key policies see: {@code principalId} when it is an IAM principal ARN (or an account ID),
     * otherwise the root of {@code account}. A caller that names no IAM principal thus keeps full access to keys
     * with the default key policy, as before key policies existed.
     */
    public AwsPrincipal principal(String account) {
        if (principalArn != null) {
            return AwsPrincipal.of(principalArn);
        }
        return AwsPrincipal.parse(principalId).orElseGet(() -> AwsPrincipal.root("aws", account));
    }

    public static Caller of(String principalId, String accessKeyId) {
        return new Caller(principalId, accessKeyId, null, null);
    }
}
