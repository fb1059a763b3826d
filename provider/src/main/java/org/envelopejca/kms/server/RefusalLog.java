package org.envelopejca.kms.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * <p>One endpoint process writes the file; appends are serialized in the process and hold a file lock.
 */
public final class RefusalLog {
    private static final String GENESIS = "0".repeat(64);

    private final Path file;
    private final String region;
    private final String account;
    private long sequence;
    private String previousHash;

    private RefusalLog(Path file, String region, String account, long sequence, String previousHash) {
        this.file = file;
        this.region = region;
        this.account = account;
        this.sequence = sequence;
        this.previousHash = previousHash;
    }

    /** Opens (or starts) the log; an incomplete last line (a torn write) is cut off. */
    public static RefusalLog open(Path file, String region, String account) throws IOException {
        long sequence = 0;
        String hash = GENESIS;
        if (Files.exists(file)) {
            long complete = 0;
            String last = null;
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                // lines are counted by content; only their lengths in bytes matter for the cut
                String line;
                long offset = 0;
                while ((line = in.readLine()) != null) {
                    offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
                    last = line;
                    complete = offset;
                }
            }
            long size = Files.size(file);
            if (complete > size) {
                // the last line had no newline: a torn write
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    long cut = complete - (last == null ? 0 : last.getBytes(StandardCharsets.UTF_8).length + 1);
                    ch.truncate(cut);
                }
                return open(file, region, account);
            }
            if (last != null) {
                JsonNode node = KmsOperations.MAPPER.readTree(last);
                if (node == null || !node.path("sequence").canConvertToLong() || !node.path("hash").isTextual()) {
                    throw new IOException("audit log " + file + ": its last line is damaged; move it aside");
                }
                sequence = node.path("sequence").asLong();
                hash = node.path("hash").asText();
            }
        }
        return new RefusalLog(file, region, account, sequence, hash);
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
     */
    public synchronized void refused(Instant time, String requestId, String accessKeyId, String principal,
                                     String operation, String sourceIp, String userAgent, String errorCode,
                                     String errorMessage, String keyId) throws IOException {
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
        e.put("sequence", sequence + 1);
        e.put("previousHash", previousHash);
        String json = KmsOperations.MAPPER.writeValueAsString(e);
        byte[] prefix = json.substring(0, json.length() - 1).getBytes(StandardCharsets.UTF_8);
        String hash = SigV4.hex(SigV4.sha256(prefix));
        byte[] suffix = (",\"hash\":\"" + hash + "\"}\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer line = ByteBuffer.allocate(prefix.length + suffix.length).put(prefix).put(suffix).flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); var lock = ch.lock()) {
            while (line.hasRemaining()) {
                ch.write(line);
            }
        }
        sequence++;
        previousHash = hash;
    }
}
