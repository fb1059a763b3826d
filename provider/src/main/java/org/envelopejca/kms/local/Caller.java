package org.envelopejca.kms.local;

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
 */
public record Caller(String principalId, String accessKeyId, String sourceIpAddress, String userAgent) {
    /** The caller of an embedded engine that nobody configured. */
    public static final Caller LOCAL = new Caller("local", null, null, null);

    public Caller {
        Objects.requireNonNull(principalId, "principalId");
    }

    public static Caller of(String principalId, String accessKeyId) {
        return new Caller(principalId, accessKeyId, null, null);
    }
}
