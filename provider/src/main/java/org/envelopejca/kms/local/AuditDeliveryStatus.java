package org.envelopejca.kms.local;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Where audit delivery stands, read from the store directory without opening the store (so it works while an
 * engine runs): the delivery state and the audit log's lines after its cursor.
 *
 * @param bucket               the location delivered to
 * @param deliveredUpTo        the sequence of the last delivered audit line (0: none)
 * @param pendingRecords       complete audit lines not delivered yet
 * @param deliveredRecords     records delivered in all
 * @param deliveredFiles       log files delivered in all
 * @param deliveredDigests     digests delivered in all
 * @param undigestedFiles      delivered files not yet in a digest
 * @param lastDigest           the last digest's object key, or null
 * @param signingKeyArn        the digest signing key, or null before the first digest
 * @param lastSuccess          when a round last delivered everything, or null
 * @param lastError            the last failure (cleared by a success), or null
 * @param lastErrorTime        when it happened, or null
 * @param nextAttempt          when the next round is due, or null (no engine delivering)
 * @param failures             failed rounds in a row
 * @param interrupted          an upload a stop interrupted, delivered again at the next start, or null
 * @param note                 something an operator should know, or null
 */
public record AuditDeliveryStatus(String bucket, long deliveredUpTo, long pendingRecords, long deliveredRecords,
                                  long deliveredFiles, long deliveredDigests, int undigestedFiles, String lastDigest,
                                  String signingKeyArn, Instant lastSuccess, String lastError, Instant lastErrorTime,
                                  Instant nextAttempt, int failures, String interrupted, String note) {

    /** The status of delivery for the store in {@code dir} whose audit log is {@code logFile}; null if never enabled. */
    public static AuditDeliveryStatus read(Path dir, Path logFile) throws IOException {
        AuditDeliveryState s = AuditDeliveryState.read(dir);
        if (s == null) {
            return null;
        }
        return new AuditDeliveryStatus(s.bucket(), s.sequence(), linesAfter(logFile, s.offset()), s.deliveredRecords(),
                s.deliveredFiles(), s.deliveredDigests(), s.undigested().size(),
                s.lastDigest() == null ? null : s.lastDigest().s3Object(), s.signingKeyArn(), s.lastSuccess(),
                s.lastError(), s.lastErrorTime(), s.nextAttempt(), s.failures(),
                s.pendingFile() == null ? null : s.pendingFile().s3Object(), s.note());
    }

    /** Complete lines after {@code offset} (all of them when the log is shorter: it was started afresh). */
    static long linesAfter(Path logFile, long offset) throws IOException {
        if (!Files.exists(logFile)) {
            return 0;
        }
        try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.READ)) {
            ch.position(ch.size() < offset ? 0 : offset);
            long lines = 0;
            try (InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 64 * 1024)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines++;
                        }
                    }
                }
            }
            return lines;
        }
    }
}
