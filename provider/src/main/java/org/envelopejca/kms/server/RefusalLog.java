package org.envelopejca.kms.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

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
    private static final String GENESIS = "0".repeat(64);
    /** Longest line read back; refusal events are far smaller. */
    private static final int MAX_LINE_BYTES = 1024 * 1024;

    private final Path file;
    private final String region;
    private final String account;

    private RefusalLog(Path file, String region, String account) {
        this.file = file;
        this.region = region;
        this.account = account;
    }

    /** Opens (or starts) the log; a damaged last line is reported now rather than at the first refusal. */
    public static RefusalLog open(Path file, String region, String account) throws IOException {
        RefusalLog log = new RefusalLog(file, region, account);
        if (Files.exists(file)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long end = completeLinesEnd(ch, ch.size());
                if (end > 0) {
                    log.lastLine(ch, end);
                }
            }
        }
        return log;
    }

    public Path path() {
        return file;
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
        ObjectNode e = event(time, requestId, accessKeyId, principal, operation, sourceIp, userAgent, errorCode,
                errorMessage, keyId);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            FileLock lock = ch.lock();
            try {
                append(ch, e);
            } finally {
                lock.release();
            }
        }
    }

    /** Under the file lock: cut a torn line, chain to the last line, write this one. */
    private void append(FileChannel ch, ObjectNode e) throws IOException {
        long size = ch.size();
        long end = completeLinesEnd(ch, size);
        if (end < size) {
            ch.truncate(end);
        }
        long sequence = 0;
        String previousHash = GENESIS;
        if (end > 0) {
            JsonNode last = lastLine(ch, end);
            sequence = last.path("sequence").asLong();
            previousHash = last.path("hash").asText();
        }
        e.put("sequence", sequence + 1);
        e.put("previousHash", previousHash);
        String json = KmsOperations.MAPPER.writeValueAsString(e);
        byte[] prefix = json.substring(0, json.length() - 1).getBytes(StandardCharsets.UTF_8);
        String hash = SigV4.hex(SigV4.sha256(prefix));
        byte[] suffix = (",\"hash\":\"" + hash + "\"}\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer line = ByteBuffer.allocate(prefix.length + suffix.length).put(prefix).put(suffix).flip();
        long position = end;
        while (line.hasRemaining()) {
            position += ch.write(line, position);
        }
    }

    private ObjectNode event(Instant time, String requestId, String accessKeyId, String principal, String operation,
                             String sourceIp, String userAgent, String errorCode, String errorMessage, String keyId) {
        ObjectNode e = KmsOperations.MAPPER.createObjectNode();
        e.put("eventVersion", "1.11");
        ObjectNode identity = e.putObject("userIdentity");
        if (principal != null) {
            identity.put("type", "IAMUser");
            identity.put("principalId", principal);
            identity.put("arn", "arn:aws:iam::" + account + ":user/" + principal);
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

    /** Where the last complete line ends (just after its newline); 0 when there is none. */
    private static long completeLinesEnd(FileChannel ch, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long pos = size;
        while (pos > 0) {
            int n = (int) Math.min(buf.capacity(), pos);
            buf.clear().limit(n);
            readFully(ch, buf, pos - n);
            for (int i = n - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return pos - n + i + 1;
                }
            }
            pos -= n;
            if (size - pos > MAX_LINE_BYTES) {
                throw new IOException("audit log " + ch + " ends in an over-long line");
            }
        }
        return 0;
    }

    /** The line that ends at {@code end} (which is just after its newline), parsed and checked for chain members. */
    private JsonNode lastLine(FileChannel ch, long end) throws IOException {
        long start = completeLinesEnd(ch, end - 1);
        if (end - 1 - start > MAX_LINE_BYTES) {
            throw new IOException("audit log " + file + ": last line too long");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) (end - 1 - start));
        readFully(ch, buf, start);
        JsonNode node;
        try {
            node = KmsOperations.MAPPER.readTree(buf.array());
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.path("sequence").canConvertToLong() || !node.path("hash").isTextual()) {
            throw new IOException("audit log " + file + ": its last line is damaged; verify the log and move it aside");
        }
        return node;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) {
                throw new IOException("audit log ended while reading");
            }
            p += n;
        }
    }
}
