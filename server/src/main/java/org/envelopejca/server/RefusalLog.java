package org.envelopejca.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.envelopejca.kms.local.AuditLog;

/**
 * The endpoint's own audit log: one CloudTrail-shaped event per request refused before it reached the engine
 * (authentication failures, authorization denials, malformed, oversized or throttled requests), in the engine
 * audit log's line format and hash chain ({@code sequence}, {@code previousHash}, {@code hash}: SHA-256 of the
 * line up to {@code ,"hash":}), so that {@code AuditLog.verify} checks it too. Requests that reach the engine are
 * audited by the engine (for the local engine, with the requesting access key as the caller).
 *
 * <p>Several endpoint processes may share the file: each append holds an exclusive file lock, reads the chain's
 * last line there and then writes its own, so the chain stays one. A torn last line (a crash in the middle of a
 * write) is cut off before the next append.
 */
public final class RefusalLog {
    private final AuditLog log;
    private final String region;
    private final String account;

    private RefusalLog(Path file, String region, String account) {
        // The engine's own hash-chained line format and verifier; a lock on the file for each append.
        this.log = AuditLog.at(file, false);
        this.region = region;
        this.account = account;
    }

    /** Opens (or starts) the log; a damaged last line is reported now rather than at the first refusal. */
    public static RefusalLog open(Path file, String region, String account) throws IOException {
        RefusalLog log = new RefusalLog(file, region, account);
        log.log.checkTail();
        return log;
    }

    public Path path() {
        return log.path();
    }

    /**
     * Records one refused request.
     *
     * @param accessKeyId the access key the request claimed, or null
     * @param principal   the principal of a recognized access key, or null
     * @param operation   the operation the request named, or null
     * @param keyId       the key or alias a denial concerns, or null
     */
    public synchronized void refused(Instant time, String requestId, String accessKeyId, String principal,
                                     String operation, String sourceIp, String userAgent, String errorCode,
                                     String errorMessage, String keyId) throws IOException {
        log.appendUnderFileLock(event(time, requestId, accessKeyId, principal, operation, sourceIp, userAgent,
                errorCode, errorMessage, keyId));
    }

    private ObjectNode event(Instant time, String requestId, String accessKeyId, String principal, String operation,
                             String sourceIp, String userAgent, String errorCode, String errorMessage, String keyId) {
        ObjectNode e = KmsOperations.MAPPER.createObjectNode();
        e.put("eventVersion", "1.11");
        ObjectNode identity = e.putObject("userIdentity");
        if (principal != null) {
            identity.put("type", "IAMUser");
            identity.put("principalId", principal);
            identity.put("arn", CallerViews.principalArn(principal, account));
            identity.put("accountId", account);
        } else {
            identity.put("type", "Unknown");
        }
        if (accessKeyId != null) {
            identity.put("accessKeyId", accessKeyId);
        }
        e.put("eventTime", time.truncatedTo(ChronoUnit.SECONDS).toString());
        e.put("eventSource", "kms.amazonaws.com");
        e.put("eventName", operation == null ? "Unknown" : operation);
        e.put("awsRegion", region);
        e.put("sourceIPAddress", sourceIp == null ? "unknown" : sourceIp);
        e.put("userAgent", userAgent == null ? "unknown" : userAgent);
        e.put("errorCode", errorCode);
        e.put("errorMessage", errorMessage);
        ObjectNode params = e.putObject("requestParameters");
        if (keyId != null) {
            params.put("keyId", keyId);
        }
        e.putNull("responseElements");
        e.put("requestID", requestId);
        e.put("eventID", UUID.randomUUID().toString());
        e.put("readOnly", false);
        e.put("eventType", "AwsApiCall");
        e.put("managementEvent", true);
        e.put("recipientAccountId", account);
        e.put("eventCategory", "Management");
        return e;
    }
}
