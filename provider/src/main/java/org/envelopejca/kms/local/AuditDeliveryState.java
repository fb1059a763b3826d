package org.envelopejca.kms.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What audit delivery has done, kept in {@code audit-delivery.json} in the store directory (0600, replaced
 * atomically): the cursor in the audit log (the offset after the last delivered line, that line's sequence and
 * chain value), the file or digest being delivered when the process stopped (delivered again, to the same object,
 * at the next start), the files not yet in a digest, the last digest (its signature starts the next one's chain),
 * and what the last attempts did. It holds names, hashes and times, never key material or record contents.
 *
 * @param bucket            the {@code s3://} location this state belongs to (another location starts afresh)
 * @param offset            where in the audit log the next undelivered line starts
 * @param sequence          the sequence of the last delivered line (0: none)
 * @param chainValue        the chain value (hmac or hash) of the last delivered line ({@link AuditLog#GENESIS}: none)
 * @param pendingFile       the log file being delivered, or null
 * @param undigested        files delivered since the last digest
 * @param digestStart       the start of the next digest's period
 * @param lastDigest        the last digest delivered, or null
 * @param pendingDigestEnd  the end time of the digest being delivered, or null
 * @param signingKeyArn     the key that signs the digests, once known
 * @param deliveredRecords  records delivered so far
 * @param deliveredFiles    log files delivered so far
 * @param deliveredDigests  digests delivered so far
 * @param lastSuccess       when a round last finished with everything delivered, or null
 * @param lastError         what the last failed attempt said (cleared by a success), or null
 * @param lastErrorTime     when it failed, or null
 * @param nextAttempt       when the next round is due, or null
 * @param failures          failed rounds in a row
 * @param note              something an operator should know (the audit log was started afresh), or null
 */
record AuditDeliveryState(String bucket, long offset, long sequence, String chainValue, PendingFile pendingFile,
                          List<LogFileEntry> undigested, Instant digestStart, DigestRef lastDigest,
                          Instant pendingDigestEnd, String signingKeyArn, long deliveredRecords, long deliveredFiles,
                          long deliveredDigests, Instant lastSuccess, String lastError, Instant lastErrorTime,
                          Instant nextAttempt, int failures, String note) {

    static final String FILE_NAME = "audit-delivery.json";
    private static final int MAX_BYTES = 16 * 1024 * 1024;

    AuditDeliveryState {
        undigested = List.copyOf(undigested);
    }

    /**
     * A log file being delivered: the lines after the cursor up to {@code endSequence}.
     *
     * @param s3Object       its key
     * @param endOffset      the offset after its last line
     * @param endSequence    its last line's sequence
     * @param endChainValue  its last line's chain value
     */
    record PendingFile(String s3Object, long endOffset, long endSequence, String endChainValue) {
    }

    /** A delivered log file as a digest lists it (CloudTrail digest {@code logFiles} member). */
    record LogFileEntry(String s3Object, String hashValue, Instant oldestEventTime, Instant newestEventTime) {
    }

    /** The last delivered digest: the next digest names it, its hash and its signature. */
    record DigestRef(String s3Object, String hashValue, String signature, Instant endTime) {
    }

    static AuditDeliveryState fresh(String bucket, Instant now) {
        return new AuditDeliveryState(bucket, 0, 0, AuditLog.GENESIS, null, List.of(), now, null, null, null, 0, 0,
                0, null, null, null, null, 0, null);
    }

    static Path file(Path dir) {
        return dir.resolve(FILE_NAME);
    }

    /** The state in {@code dir}, or null when there is none. */
    static AuditDeliveryState read(Path dir) throws IOException {
        Path f = file(dir);
        if (!Files.exists(f)) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(AtomicFiles.readBounded(f, MAX_BYTES), AuditDeliveryState.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new StoreIntegrityException(f, "not a delivery state file: " + e.getOriginalMessage());
        }
    }

    void write(Path dir) throws IOException {
        AtomicFiles.write(file(dir), Json.MAPPER.writeValueAsBytes(this));
    }

    AuditDeliveryState withPendingFile(PendingFile p) {
        return new AuditDeliveryState(bucket, offset, sequence, chainValue, p, undigested, digestStart, lastDigest,
                pendingDigestEnd, signingKeyArn, deliveredRecords, deliveredFiles, deliveredDigests, lastSuccess,
                lastError, lastErrorTime, nextAttempt, failures, note);
    }

    /** The pending file is delivered: the cursor moves past it and it waits for the next digest. */
    AuditDeliveryState delivered(LogFileEntry entry, int records) {
        List<LogFileEntry> files = new ArrayList<>(undigested);
        files.add(entry);
        return new AuditDeliveryState(bucket, pendingFile.endOffset(), pendingFile.endSequence(),
                pendingFile.endChainValue(), null, files, digestStart, lastDigest, pendingDigestEnd, signingKeyArn,
                deliveredRecords + records, deliveredFiles + 1, deliveredDigests, lastSuccess, lastError,
                lastErrorTime, nextAttempt, failures, note);
    }

    AuditDeliveryState withPendingDigest(Instant end, String keyArn) {
        return new AuditDeliveryState(bucket, offset, sequence, chainValue, pendingFile, undigested, digestStart,
                lastDigest, end, keyArn, deliveredRecords, deliveredFiles, deliveredDigests, lastSuccess, lastError,
                lastErrorTime, nextAttempt, failures, note);
    }

    AuditDeliveryState withSigningKeyArn(String keyArn) {
        return new AuditDeliveryState(bucket, offset, sequence, chainValue, pendingFile, undigested, digestStart,
                lastDigest, pendingDigestEnd, keyArn, deliveredRecords, deliveredFiles, deliveredDigests, lastSuccess,
                lastError, lastErrorTime, nextAttempt, failures, note);
    }

    AuditDeliveryState digestDelivered(DigestRef digest) {
        return new AuditDeliveryState(bucket, offset, sequence, chainValue, pendingFile, List.of(), digest.endTime(),
                digest, null, signingKeyArn, deliveredRecords, deliveredFiles, deliveredDigests + 1, lastSuccess,
                lastError, lastErrorTime, nextAttempt, failures, note);
    }

    /** The log was started afresh: the cursor goes back to its first line. */
    AuditDeliveryState restartedLog(String why) {
        return new AuditDeliveryState(bucket, 0, 0, AuditLog.GENESIS, null, undigested, digestStart, lastDigest,
                pendingDigestEnd, signingKeyArn, deliveredRecords, deliveredFiles, deliveredDigests, lastSuccess,
                lastError, lastErrorTime, nextAttempt, failures, why);
    }

    AuditDeliveryState succeeded(Instant now, Instant next) {
        return new AuditDeliveryState(bucket, offset, sequence, chainValue, pendingFile, undigested, digestStart,
                lastDigest, pendingDigestEnd, signingKeyArn, deliveredRecords, deliveredFiles, deliveredDigests, now,
                null, null, next, 0, note);
    }

    AuditDeliveryState failed(String error, Instant now, Instant next) {
        return new AuditDeliveryState(bucket, offset, sequence, chainValue, pendingFile, undigested, digestStart,
                lastDigest, pendingDigestEnd, signingKeyArn, deliveredRecords, deliveredFiles, deliveredDigests,
                lastSuccess, error, now, next, failures + 1, note);
    }
}
