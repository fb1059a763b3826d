package org.envelopejca.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.envelopejca.kms.local.AuditKey;
import org.envelopejca.kms.local.AuditLog;
import org.envelopejca.kms.local.AuditVerification;

/**
 * The endpoint's own audit log: one CloudTrail-shaped event per request refused before it reached the engine
 * (authentication failures, authorization denials, malformed, oversized or throttled requests), in the engine
 * audit log's line format and chain ({@code sequence}, {@code previousHash}, {@code hmac}: HMAC-SHA256 of the
 * line up to {@code ,"hmac":} under the engine's audit key, or an unkeyed SHA-256 {@code hash} when opened without
 * it), so that {@code AuditLog.verify} checks it too. Requests that reach the engine are
 * audited by the engine (for the local engine, with the requesting access key as the caller).
 *
 * <p>Refusals need no credentials, so what they can make this log write is bounded ({@link Limits}): every field is
 * cut to a maximum length; each source address may add a burst of lines and then a few per second, the rest are
 * counted and reported in one {@code RefusalsDropped} line per source (at most one a minute while the flood lasts,
 * and at {@link #close}); the file is rotated at a maximum size and only a few rotated files are kept, the chain
 * running on from each file to the next ({@link RotatingAuditFile}).
 *
 * <p>Several endpoint processes may share the file: each append holds an exclusive file lock, reads the chain's
 * last line there and then writes its own, so the chain stays one. A torn last line (a crash in the middle of a
 * write) is cut off before the next append.
 */
public final class RefusalLog implements Closeable {
    /** Longest value of a logged field, in characters; longer ones are cut and marked. */
    static final int MAX_FIELD_CHARS = 256;
    private static final int MAX_MESSAGE_CHARS = 1024;
    /** Sources followed one by one; beyond that, new sources share one allowance. */
    private static final int MAX_SOURCES = 4096;
    private static final String OTHER_SOURCES = "other";
    private static final Duration SUMMARY_INTERVAL = Duration.ofMinutes(1);
    /** What sequence, previousHash and hash add to an event's JSON. */
    private static final int CHAIN_FIELDS_BYTES = 200;

    /**
     * How much refusals may write.
     *
     * @param maxFileBytes   size at which the file is rotated
     * @param keptFiles      rotated files kept beside the current one
     * @param linesPerSecond lines each source may add per second once its burst is spent
     * @param burst          lines a source may add at once
     */
    public record Limits(long maxFileBytes, int keptFiles, double linesPerSecond, int burst) {
        public Limits {
            if (maxFileBytes < 64 * 1024 || keptFiles < 1 || !(linesPerSecond > 0) || burst < 1) {
                throw new IllegalArgumentException("refusal log limits: at least 64 KiB a file, 1 file kept, a "
                        + "positive rate and a burst of 1");
            }
        }

        /** 8 MiB a file, 4 rotated files kept (at most 40 MiB in all), 20 lines at once and then 2 a second. */
        public static Limits defaults() {
            return new Limits(8L * 1024 * 1024, 4, 2, 20);
        }
    }

    private final RotatingAuditFile file;
    private final String region;
    private final String account;
    private final Limits limits;
    private final Clock clock;
    private final Map<String, Allowance> sources = new HashMap<>();

    private RefusalLog(AuditLog log, String region, String account, Limits limits, Clock clock) {
        // The engine's own chained line format and verifier (keyed when the engine gave its key); a lock per append.
        this.file = new RotatingAuditFile(log, limits.maxFileBytes(), limits.keptFiles());
        this.region = region;
        this.account = account;
        this.limits = limits;
        this.clock = clock;
    }

    /** Opens (or starts) an unkeyed log with the default limits; a damaged last line is reported now. */
    public static RefusalLog open(Path file, String region, String account) throws IOException {
        return open(AuditLog.at(file, false), region, account);
    }

    /**
     * Opens (or starts) the log {@code log} writes, keyed when the engine gave it its key
     * ({@code LocalKms.auditLogAt}), with the default limits; a damaged last line is reported now.
     */
    public static RefusalLog open(AuditLog log, String region, String account) throws IOException {
        return open(log, region, account, Limits.defaults(), Clock.systemUTC());
    }

    /** Opens (or starts) an unkeyed log with the limits given; a damaged last line is reported now. */
    public static RefusalLog open(Path file, String region, String account, Limits limits, Clock clock)
            throws IOException {
        return open(AuditLog.at(file, false), region, account, limits, clock);
    }

    /** Opens (or starts) the log; a damaged last line is reported now rather than at the first refusal. */
    public static RefusalLog open(AuditLog log, String region, String account, Limits limits, Clock clock)
            throws IOException {
        RefusalLog refusals = new RefusalLog(log, region, account, limits, clock);
        refusals.file.checkTail();
        return refusals;
    }

    /**
     * Verifies a refusal log across its rotated files (or any audit log: one without rotation verifies as
     * {@code AuditLog.verify} does).
     */
    public static AuditVerification verify(Path file) throws IOException {
        return RotatingAuditFile.verify(file, null);
    }

    /** As {@link #verify(Path)}, checking each line's HMAC under the store's audit key. */
    public static AuditVerification verify(Path file, AuditKey key) throws IOException {
        return RotatingAuditFile.verify(file, key);
    }

    public Path path() {
        return file.path();
    }

    /** A source's token bucket, and the lines it was refused since its last summary. */
    private static final class Allowance {
        double tokens;
        long lastRefillNanos;
        long dropped;
        long lastSummaryNanos;

        Allowance(double tokens, long now) {
            this.tokens = tokens;
            this.lastRefillNanos = now;
            this.lastSummaryNanos = now;
        }
    }

    /**
     * Records one refused request, unless its source has used up its allowance (then it is counted for the
     * source's next {@code RefusalsDropped} line).
     *
     * @param accessKeyId the access key the request claimed, or null
     * @param principal   the principal of a recognized access key, or null
     * @param operation   the operation the request named, or null
     * @param keyId       the key or alias a denial concerns, or null
     */
    public synchronized void refused(Instant time, String requestId, String accessKeyId, String principal,
                                     String operation, String sourceIp, String userAgent, String errorCode,
                                     String errorMessage, String keyId) throws IOException {
        String source = cap(sourceIp == null ? "unknown" : sourceIp, MAX_FIELD_CHARS);
        long now = System.nanoTime();
        Allowance a = allowance(source, now);
        a.tokens = Math.min(limits.burst(), a.tokens + (now - a.lastRefillNanos) / 1e9 * limits.linesPerSecond());
        a.lastRefillNanos = now;
        if (a.tokens < 1) {
            a.dropped++;
            if (now - a.lastSummaryNanos >= SUMMARY_INTERVAL.toNanos()) {
                summarize(source, a, now);
            }
            return;
        }
        a.tokens -= 1;
        if (a.dropped > 0) {
            summarize(source, a, now);
        }
        write(event(time, requestId, accessKeyId, principal, operation, source, userAgent, errorCode, errorMessage,
                keyId));
    }

    private Allowance allowance(String source, long now) {
        Allowance a = sources.get(source);
        if (a == null) {
            if (sources.size() >= MAX_SOURCES) {
                sources.values().removeIf(x -> x.dropped == 0 && x.tokens >= limits.burst() - 1);
            }
            String key = sources.size() >= MAX_SOURCES ? OTHER_SOURCES : source;
            a = sources.computeIfAbsent(key, k -> new Allowance(limits.burst(), now));
        }
        return a;
    }

    private void summarize(String source, Allowance a, long now) throws IOException {
        ObjectNode e = base(clock.instant(), UUID.randomUUID().toString(), null, null, "RefusalsDropped", source,
                null);
        e.put("eventType", "AwsServiceEvent");
        e.put("droppedRefusals", a.dropped);
        e.put("errorMessage", a.dropped + " refused requests from this source were not logged (more than "
                + limits.burst() + " at once or " + limits.linesPerSecond() + " a second)");
        a.dropped = 0;
        a.lastSummaryNanos = now;
        write(e);
    }

    /** Writes the pending {@code RefusalsDropped} lines. */
    @Override
    public synchronized void close() throws IOException {
        long now = System.nanoTime();
        for (Map.Entry<String, Allowance> s : sources.entrySet()) {
            if (s.getValue().dropped > 0) {
                summarize(s.getKey(), s.getValue(), now);
            }
        }
    }

    private void write(ObjectNode event) throws IOException {
        long bytes = KmsOperations.MAPPER.writeValueAsBytes(event).length + CHAIN_FIELDS_BYTES;
        file.append(event, bytes, base(clock.instant(), UUID.randomUUID().toString(), null, null, null, "local",
                null));
    }

    /** At most {@code max} characters: the start of the value and how long it was. */
    static String cap(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int keep = max - 40;
        if (Character.isHighSurrogate(value.charAt(keep - 1))) {
            keep--;
        }
        return value.substring(0, keep) + "...(cut, " + value.length() + " characters)";
    }

    private ObjectNode event(Instant time, String requestId, String accessKeyId, String principal, String operation,
                             String sourceIp, String userAgent, String errorCode, String errorMessage, String keyId) {
        ObjectNode e = base(time, requestId, cap(accessKeyId, MAX_FIELD_CHARS), cap(principal, MAX_FIELD_CHARS),
                cap(operation, MAX_FIELD_CHARS), sourceIp, cap(userAgent, MAX_FIELD_CHARS));
        e.put("errorCode", cap(errorCode, MAX_FIELD_CHARS));
        e.put("errorMessage", cap(errorMessage, MAX_MESSAGE_CHARS));
        ObjectNode params = e.putObject("requestParameters");
        if (keyId != null) {
            params.put("keyId", cap(keyId, MAX_FIELD_CHARS));
        }
        return e;
    }

    private ObjectNode base(Instant time, String requestId, String accessKeyId, String principal, String operation,
                            String sourceIp, String userAgent) {
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
