package org.envelopejca.kms.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * CloudTrail's S3 layout and file formats, as the embedded engine writes them and {@link AuditBucketVerification}
 * reads them.
 * <ul>
 *   <li>Log files (CloudTrail User Guide, "Finding your CloudTrail log files"):
 *       {@code AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_UNIQUE.json.gz},
 *       gzip of {@code {"Records":[...]}}.</li>
 *   <li>Digest files ("CloudTrail digest file structure"):
 *       {@code AWSLogs/ACCOUNT/CloudTrail-Digest/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail-Digest_REGION_TRAIL_REGION_YYYYMMDDTHHmmssZ.json.gz};
 *       the signature is the object's {@code x-amz-meta-signature} (hex) with
 *       {@code x-amz-meta-signature-algorithm} {@code SHA256withRSA}.</li>
 *   <li>Hashes ("Custom implementations of CloudTrail log file integrity validation"): SHA-256, hex, of a file's
 *       uncompressed content; the signed string is the digest end time, the digest's {@code bucket/key}, the hex
 *       SHA-256 of the uncompressed digest, and the previous digest's hex signature ({@code null} for the first),
 *       joined by newlines.</li>
 * </ul>
 */
final class CloudTrailFiles {
    static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
    static final String HASH_ALGORITHM = "SHA-256";
    static final String SIGNATURE_METADATA = "signature";
    static final String SIGNATURE_ALGORITHM_METADATA = "signature-algorithm";
    /** Largest uncompressed file read back (a log file holds at most {@link #MAX_FILE_BYTES} plus one record). */
    static final int MAX_READ_BYTES = 64 * 1024 * 1024;
    /** A log file is closed once its records pass this many uncompressed bytes. */
    static final int MAX_FILE_BYTES = 4 * 1024 * 1024;
    static final int MAX_FILE_RECORDS = 2000;

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    /** The chain members the audit log adds to each event; CloudTrail records have none of them. */
    private static final List<String> CHAIN_MEMBERS = List.of("sequence", "previousHash", "hmac", "hash",
            "storeGeneration");

    private CloudTrailFiles() {
    }

    /**
     * The key (under the location's prefix) of the log file whose first record is the audit line with chain value
     * {@code firstChainValue}, written at {@code firstEventTime}: deterministic, so delivering the same lines again
     * after a crash overwrites the same object.
     */
    static String logFileKey(S3Location at, String account, String region, Instant firstEventTime,
                             String firstChainValue) {
        String unique = firstChainValue.substring(0, 16);
        return logsPrefix(at, account, region) + DAY.format(firstEventTime) + "/"
                + account + "_CloudTrail_" + region + "_" + MINUTE.format(firstEventTime) + "_" + unique + ".json.gz";
    }

    static String digestKey(S3Location at, String account, String region, Instant digestEnd) {
        return digestsPrefix(at, account, region) + DAY.format(digestEnd) + "/"
                + account + "_CloudTrail-Digest_" + region + "_" + AuditDeliverySettings.TRAIL_NAME + "_" + region
                + "_" + SECOND.format(digestEnd) + ".json.gz";
    }

    /** Where an account's log files for a region lie (CloudTrail's layout). */
    static String logsPrefix(S3Location at, String account, String region) {
        return at.key("AWSLogs/" + account + "/CloudTrail/" + region + "/");
    }

    /** Where an account's digest files for a region lie (CloudTrail's layout). */
    static String digestsPrefix(S3Location at, String account, String region) {
        return at.key("AWSLogs/" + account + "/CloudTrail-Digest/" + region + "/");
    }

    /** The CloudTrail record of an audit line: the event without the chain members. */
    static ObjectNode record(JsonNode auditLine) {
        ObjectNode record = ((ObjectNode) auditLine).deepCopy();
        record.remove(CHAIN_MEMBERS);
        return record;
    }

    /** {@code {"Records":[...]}}, UTF-8. */
    static byte[] logFile(List<ObjectNode> records) throws IOException {
        ObjectNode file = Json.MAPPER.createObjectNode();
        ArrayNode array = file.putArray("Records");
        records.forEach(array::add);
        return Json.MAPPER.writeValueAsBytes(file);
    }

    /** Gzip with no time stamp in its header (Java writes 0), so the same content gives the same object. */
    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    /** The uncompressed content of a gzip object, refused beyond {@link #MAX_READ_BYTES}. */
    static byte[] gunzip(byte[] gzipped) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(gzipped.length * 4L, 1 << 20));
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (out.size() > MAX_READ_BYTES) {
                    throw new IOException("uncompressed file larger than " + MAX_READ_BYTES + " bytes");
                }
            }
            return out.toByteArray();
        }
    }

    /** CloudTrail's string to sign for a digest. */
    static byte[] signingString(String digestEndTime, String bucket, String digestKey, String digestSha256Hex,
                                String previousSignatureHex) {
        String s = digestEndTime + "\n" + bucket + "/" + digestKey + "\n" + digestSha256Hex + "\n"
                + (previousSignatureHex == null ? "null" : previousSignatureHex);
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The public key fingerprint in a digest: hex MD5 of the DER SubjectPublicKeyInfo (32 hex digits, as CloudTrail's). */
    static String fingerprint(byte[] subjectPublicKeyInfo) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(subjectPublicKeyInfo));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }

    /** CloudTrail's time format: whole seconds, UTC, {@code 2015-08-17T14:01:31Z}. */
    static String time(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
