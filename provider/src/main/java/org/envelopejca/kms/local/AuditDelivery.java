package org.envelopejca.kms.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.MessageType;
import org.envelopejca.kms.SigningAlgorithm;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Delivers the embedded engine's audit log to S3 as CloudTrail does (see {@link CloudTrailFiles}): log files of the
 * records written since the last delivery, every {@link AuditDeliverySettings#interval()} and at close, and a signed
 * digest every {@link AuditDeliverySettings#digestInterval()} that lists the files delivered since the previous
 * digest with their SHA-256 and chains to that digest (its hash and signature).
 *
 * <p>The audit log file is the queue: a KMS call only appends its line, as without delivery; a background thread
 * reads the lines after a cursor kept in {@code audit-delivery.json} and uploads them. So a call never waits for S3,
 * records wait on disk while S3 is away, and a crash loses nothing: before an upload the state names the object and
 * the lines it holds, so the next start uploads the same lines to the same object (the key comes from the first
 * line's chain value), overwriting rather than duplicating; a digest's end time is recorded before it is signed, so
 * a digest is re-made identically (RSASSA-PKCS1-v1_5 signatures are deterministic). Failed rounds are retried with
 * exponential backoff and jitter, from one second up to the delivery interval.
 *
 * <p>Digests are signed by an RSA_2048 SIGN_VERIFY key of this KMS, with RSASSA_PKCS1_V1_5_SHA_256 over the SHA-256
 * of CloudTrail's signing string (which is CloudTrail's SHA256withRSA). The key is the one the settings name, else
 * {@link AuditDeliverySettings#DEFAULT_SIGNING_ALIAS}, created with its alias at the first digest: an alias, so that
 * a verifier with access to the KMS finds the public key by name, and a key of the KMS itself, so that the private
 * key never exists outside the sealed store. Its ARN is recorded in the state.
 *
 * <p>Processes sharing a store: only the one holding {@code audit-delivery.lock} delivers; the others try to take
 * it at each round.
 */
final class AuditDelivery implements AutoCloseable {
    static final String LOCK_FILE = "audit-delivery.lock";
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /** Log files per round, so that a long backlog does not postpone a due digest without end. */
    private static final int MAX_FILES_PER_ROUND = 64;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private final Path dir;
    private final Path logFile;
    private final AuditDeliverySettings settings;
    private final Kms kms;
    private final String account;
    private final String region;
    private final Clock clock;
    private final S3Client s3;
    private final ScheduledThreadPoolExecutor executor;
    /** The key of the log's keyed chain: every delivered line must check under it (null: not checked). */
    private final AuditKey auditKey;
    private FileChannel lockChannel;
    private FileLock lock;
    private volatile boolean closing;
    /** The signing key's public key (for the fingerprint), fetched once per run. */
    private String publicKeyArn;
    private byte[] publicKey;
    /** The default alias was seen to name the recorded key in this run. */
    private boolean aliasChecked;

    AuditDelivery(Path dir, Path logFile, AuditDeliverySettings settings, Kms kms, String account, String region,
                  Clock clock, AuditKey auditKey) {
        this(dir, logFile, settings, kms, account, region, clock, S3Access.client(settings.s3()), auditKey);
    }

    AuditDelivery(Path dir, Path logFile, AuditDeliverySettings settings, Kms kms, String account, String region,
                  Clock clock, S3Client s3, AuditKey auditKey) {
        this.auditKey = auditKey;
        this.dir = dir;
        this.logFile = logFile;
        this.settings = settings;
        this.kms = kms;
        this.account = account;
        this.region = region;
        this.clock = clock;
        this.s3 = s3;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "envelope-audit-delivery");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Starts the rounds: the first one at once (a backlog from the last run goes out first). */
    void start() {
        executor.schedule(() -> round(false), 0, TimeUnit.MILLISECONDS);
    }

    /** Runs a round now and waits for it (tests, and {@code close}); the result says whether it delivered all. */
    boolean deliverNow(boolean final_) {
        Future<Boolean> f = executor.submit(() -> round(final_));
        try {
            return f.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** A last round (the records of this run, and a digest of what is not in one yet), then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            deliverNow(true);
        } finally {
            executor.shutdownNow();
            boolean stopped = false;
            try {
                stopped = executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (stopped) {
                releaseLock();
                s3.close();
            } else {
                // A round still under way (blocking I/O ignores interrupts) may yet write the delivery state: the
                // lock stays held until it has ended, so that no other process delivers from the same state.
                Thread t = new Thread(() -> {
                    try {
                        executor.awaitTermination(Long.MAX_VALUE, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    releaseLock();
                    s3.close();
                }, "envelope-audit-delivery-close");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    /** One round: deliver, digest when due, record the outcome, schedule the next. True when all went out. */
    private boolean round(boolean final_) {
        if (!haveLock()) {
            schedule(settings.interval(), final_);
            return false;
        }
        AuditDeliveryState state;
        try {
            state = loadState();
        } catch (IOException | RuntimeException e) {
            // An unreadable state is not guessed at: it is reported and delivery waits for an operator.
            schedule(settings.interval(), final_);
            return false;
        }
        AuditDeliveryState[] current = {state};
        try {
            deliver(current, final_);
            Instant now = clock.instant();
            Duration next = settings.interval();
            current[0] = current[0].succeeded(now, final_ ? null : now.plus(next));
            current[0].write(dir);
            schedule(next, final_);
            return true;
        } catch (IOException | KmsException | RuntimeException e) {
            Instant now = clock.instant();
            Duration next = backoff(current[0].failures());
            current[0] = current[0].failed(describe(e), now, final_ ? null : now.plus(next));
            try {
                current[0].write(dir);
            } catch (IOException ignored) {
                // the state on disk stays as the last step left it; the next round tries again
            }
            schedule(next, final_);
            return false;
        }
    }

    private void schedule(Duration delay, boolean final_) {
        if (!final_ && !closing && !executor.isShutdown()) {
            executor.schedule(() -> round(false), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Exponential from one second (or the interval, if shorter), doubling per failure, capped at the interval, with jitter. */
    Duration backoff(int failuresSoFar) {
        long cap = settings.interval().toMillis();
        long base = Math.min(FIRST_BACKOFF.toMillis(), cap);
        long exp = base << Math.min(failuresSoFar, 20);
        long bound = Math.min(cap, exp);
        // "equal jitter": half fixed, half random, so retries of several engines spread out but never spin
        return Duration.ofMillis(bound / 2 + ThreadLocalRandom.current().nextLong(bound / 2 + 1));
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        String text = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private AuditDeliveryState loadState() throws IOException {
        AuditDeliveryState state = AuditDeliveryState.read(dir);
        String bucket = settings.bucket().toString();
        if (state == null || !state.bucket().equals(bucket)) {
            // another bucket is another trail: it gets the whole log and a chain of its own
            state = AuditDeliveryState.fresh(bucket, clock.instant());
            state.write(dir);
        }
        return state;
    }

    private void deliver(AuditDeliveryState[] state, boolean final_) throws IOException, KmsException {
        if (state[0].pendingFile() != null) {
            state[0] = deliverPending(state[0]);
        }
        for (int i = 0; i < MAX_FILES_PER_ROUND; i++) {
            Batch batch = readBatch(state);
            if (batch == null) {
                break;
            }
            state[0] = state[0].withPendingFile(new AuditDeliveryState.PendingFile(batch.key, batch.endOffset,
                    batch.endSequence, batch.endChainValue));
            state[0].write(dir);
            state[0] = upload(state[0], batch);
        }
        Instant now = clock.instant();
        boolean due = !now.isBefore(state[0].digestStart().plus(settings.digestInterval()));
        if (state[0].pendingDigestEnd() != null || due || final_ && !state[0].undigested().isEmpty()) {
            state[0] = deliverDigest(state[0]);
        }
    }

    /** The lines of a file whose upload a crash interrupted: the same lines again, to the same object. */
    private AuditDeliveryState deliverPending(AuditDeliveryState state) throws IOException {
        AuditDeliveryState.PendingFile p = state.pendingFile();
        Batch batch = readLines(state, p.endSequence());
        if (batch == null || batch.endSequence != p.endSequence() || !batch.endChainValue.equals(p.endChainValue())
                || !batch.key.equals(p.s3Object())) {
            throw new IOException("the audit log no longer holds the lines of the interrupted delivery of "
                    + p.s3Object() + " (moved aside or changed); see envelope audit status");
        }
        return upload(state, batch);
    }

    private AuditDeliveryState upload(AuditDeliveryState state, Batch batch) throws IOException {
        byte[] content = CloudTrailFiles.logFile(batch.records);
        s3.putObject(PutObjectRequest.builder().bucket(settings.bucket().bucket()).key(batch.key)
                .contentType("application/json").contentEncoding("gzip").build(),
                RequestBody.fromBytes(CloudTrailFiles.gzip(content)));
        AuditDeliveryState next = state.delivered(new AuditDeliveryState.LogFileEntry(batch.key,
                AuditLog.sha256Hex(content, content.length), batch.oldest, batch.newest), batch.records.size());
        next.write(dir);
        return next;
    }

    private AuditDeliveryState deliverDigest(AuditDeliveryState state) throws IOException, KmsException {
        state = withSigningKey(state);
        String keyArn = state.signingKeyArn();
        Instant end = state.pendingDigestEnd();
        if (end == null) {
            end = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            if (!end.isAfter(state.digestStart())) {
                end = state.digestStart().plusSeconds(1);
            }
            state = state.withPendingDigest(end, keyArn);
            state.write(dir);
        }
        String bucket = settings.bucket().bucket();
        String key = CloudTrailFiles.digestKey(settings.bucket(), account, region, end);
        if (!keyArn.equals(publicKeyArn)) {
            publicKey = kms.getPublicKey(keyArn).publicKey();
            publicKeyArn = keyArn;
        }
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("awsAccountId", account);
        d.put("digestStartTime", CloudTrailFiles.time(state.digestStart()));
        d.put("digestEndTime", CloudTrailFiles.time(end));
        d.put("digestS3Bucket", bucket);
        d.put("digestS3Object", key);
        d.put("digestPublicKeyFingerprint", CloudTrailFiles.fingerprint(publicKey));
        d.put("digestSignatureAlgorithm", CloudTrailFiles.SIGNATURE_ALGORITHM);
        Instant newest = null;
        Instant oldest = null;
        for (AuditDeliveryState.LogFileEntry f : state.undigested()) {
            newest = newest == null || f.newestEventTime().isAfter(newest) ? f.newestEventTime() : newest;
            oldest = oldest == null || f.oldestEventTime().isBefore(oldest) ? f.oldestEventTime() : oldest;
        }
        putTimeOrNull(d, "newestEventTime", newest);
        putTimeOrNull(d, "oldestEventTime", oldest);
        AuditDeliveryState.DigestRef previous = state.lastDigest();
        if (previous == null) {
            d.putNull("previousDigestS3Bucket");
            d.putNull("previousDigestS3Object");
            d.putNull("previousDigestHashValue");
            d.putNull("previousDigestHashAlgorithm");
            d.putNull("previousDigestSignature");
        } else {
            d.put("previousDigestS3Bucket", bucket);
            d.put("previousDigestS3Object", previous.s3Object());
            d.put("previousDigestHashValue", previous.hashValue());
            d.put("previousDigestHashAlgorithm", CloudTrailFiles.HASH_ALGORITHM);
            d.put("previousDigestSignature", previous.signature());
        }
        ArrayNode files = d.putArray("logFiles");
        for (AuditDeliveryState.LogFileEntry f : state.undigested()) {
            files.addObject().put("s3Bucket", bucket).put("s3Object", f.s3Object())
                    .put("hashValue", f.hashValue()).put("hashAlgorithm", CloudTrailFiles.HASH_ALGORITHM)
                    .put("newestEventTime", CloudTrailFiles.time(f.newestEventTime()))
                    .put("oldestEventTime", CloudTrailFiles.time(f.oldestEventTime()));
        }
        byte[] content = Json.MAPPER.writeValueAsBytes(d);
        String hash = AuditLog.sha256Hex(content, content.length);
        byte[] toSign = CloudTrailFiles.signingString(CloudTrailFiles.time(end), bucket, key, hash,
                previous == null ? null : previous.signature());
        byte[] signature = kms.sign(keyArn, ThreadCrypto.sha256().digest(toSign), MessageType.DIGEST,
                SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_256).signature();
        String signatureHex = HexFormat.of().formatHex(signature);
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/json")
                        .contentEncoding("gzip")
                        .metadata(Map.of(CloudTrailFiles.SIGNATURE_METADATA, signatureHex,
                                CloudTrailFiles.SIGNATURE_ALGORITHM_METADATA, CloudTrailFiles.SIGNATURE_ALGORITHM))
                        .build(),
                RequestBody.fromBytes(CloudTrailFiles.gzip(content)));
        AuditDeliveryState next = state.digestDelivered(new AuditDeliveryState.DigestRef(key, hash, signatureHex, end));
        next.write(dir);
        return next;
    }

    private static void putTimeOrNull(ObjectNode d, String name, Instant t) {
        if (t == null) {
            d.putNull(name);
        } else {
            d.put(name, CloudTrailFiles.time(t));
        }
    }

    /**
     * The state with the signing key's ARN: the named key's, else the recorded one (its alias put back if it is
     * missing), else the default alias's key, created with the alias when there is none. A created key is recorded
     * before its alias is made, so that a crash in between does not leave a second key behind at the next start.
     */
    private AuditDeliveryState withSigningKey(AuditDeliveryState state) throws IOException, KmsException {
        String arn;
        if (settings.signingKey() != null) {
            arn = kms.describeKey(settings.signingKey()).arn();
        } else if (state.signingKeyArn() != null) {
            arn = state.signingKeyArn();
            if (!aliasChecked && aliasTarget() == null) {
                kms.createAlias(AuditDeliverySettings.DEFAULT_SIGNING_ALIAS, arn.substring(arn.lastIndexOf('/') + 1));
            }
            aliasChecked = true;
        } else {
            arn = aliasTarget();
            if (arn == null) {
                KeyMetadata created = kms.createKey(CreateKeyRequest.signing(KeySpec.RSA_2048,
                        "signs the digests of the audit log delivered to " + settings.bucket()));
                arn = created.arn();
                state = state.withSigningKeyArn(arn);
                state.write(dir);
                kms.createAlias(AuditDeliverySettings.DEFAULT_SIGNING_ALIAS, created.keyId());
            }
            aliasChecked = true;
        }
        if (!arn.equals(state.signingKeyArn())) {
            state = state.withSigningKeyArn(arn);
            state.write(dir);
        }
        return state;
    }

    /** The ARN of the key the default alias names, or null when there is no such alias. */
    private String aliasTarget() throws KmsException {
        try {
            return kms.describeKey(AuditDeliverySettings.DEFAULT_SIGNING_ALIAS).arn();
        } catch (KmsException e) {
            if (e.code() != KmsErrorCode.NOT_FOUND) {
                throw e;
            }
            return null;
        }
    }

    /** Lines read from the cursor on, as one log file. */
    private static final class Batch {
        final List<ObjectNode> records = new ArrayList<>();
        String key;
        long endOffset;
        long endSequence;
        String endChainValue;
        Instant oldest;
        Instant newest;
    }

    /** The next log file's lines, or null when the cursor is at the end of the log. */
    private Batch readBatch(AuditDeliveryState[] state) throws IOException {
        return readLines(state, Long.MAX_VALUE, true);
    }

    private Batch readLines(AuditDeliveryState state, long untilSequence) throws IOException {
        AuditDeliveryState[] holder = {state};
        return readLines(holder, untilSequence, false);
    }

    /**
     * Reads complete lines after the cursor (a torn or unfinished last line waits), at most one log file's worth or
     * up to {@code untilSequence}. The first line must continue the cursor (next sequence, chaining to the cursor's
     * chain value); a log that starts again at sequence 1 was moved aside and begun afresh: delivery follows it
     * from its first line (when {@code mayRestart}) and notes it in the state.
     */
    private Batch readLines(AuditDeliveryState[] state, long untilSequence, boolean mayRestart) throws IOException {
        if (!Files.exists(logFile)) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.READ)) {
            AuditDeliveryState s = state[0];
            if (ch.size() < s.offset()) {
                if (!mayRestart) {
                    return null;
                }
                state[0] = s = restart(s, "the audit log became shorter than the delivered part");
            }
            ch.position(s.offset());
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 64 * 1024);
            Batch batch = new Batch();
            long offset = s.offset();
            long bytes = 0;
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            while (batch.records.size() < CloudTrailFiles.MAX_FILE_RECORDS && bytes < CloudTrailFiles.MAX_FILE_BYTES
                    && batch.endSequence < untilSequence) {
                line.reset();
                int b;
                boolean newline = false;
                while ((b = in.read()) >= 0) {
                    if (b == '\n') {
                        newline = true;
                        break;
                    }
                    if (line.size() >= AuditLog.MAX_LINE_BYTES) {
                        throw new IOException("audit log line after sequence " + s.sequence() + " is too long");
                    }
                    line.write(b);
                }
                if (!newline) {
                    break;
                }
                byte[] bytesOfLine = line.toByteArray();
                // Only the engine's own lines are delivered and signed: a keyed line must check under the audit key;
                // an unkeyed one only in a log that began before the store keyed it (its first line unkeyed).
                if (auditKey != null && !AuditLog.keyedAndAuthentic(bytesOfLine, auditKey)
                        && !(AuditLog.unkeyed(bytesOfLine) && legacyLog())) {
                    throw new IOException("the audit log line after sequence " + (batch.records.isEmpty()
                            ? s.sequence() : batch.endSequence) + " fails its keyed check: not delivered; verify the "
                            + "log with envelope audit verify");
                }
                JsonNode node = Json.MAPPER.readTree(bytesOfLine);
                long sequence = node.path("sequence").asLong(-1);
                String previous = node.path("previousHash").asText("");
                String chainValue = node.has("hmac") ? node.path("hmac").asText("") : node.path("hash").asText("");
                long expected = batch.records.isEmpty() ? s.sequence() + 1 : batch.endSequence + 1;
                String expectedPrevious = batch.records.isEmpty() ? s.chainValue() : batch.endChainValue;
                if (sequence != expected || !previous.equals(expectedPrevious)) {
                    if (batch.records.isEmpty() && mayRestart && firstLineStartsChain(logFile)) {
                        state[0] = restart(s, "the audit log does not continue at the delivery cursor (sequence "
                                + s.sequence() + ") but starts a new chain");
                        return readLines(state, untilSequence, false);
                    }
                    throw new IOException("the audit log does not continue the delivered lines at sequence "
                            + expected + " (lines changed, removed or reordered); verify it with envelope audit verify");
                }
                offset += bytesOfLine.length + 1;
                bytes += bytesOfLine.length + 1;
                Instant time = Instant.parse(node.path("eventTime").asText());
                if (batch.records.isEmpty()) {
                    batch.key = CloudTrailFiles.logFileKey(settings.bucket(), account, region, time, chainValue);
                }
                batch.records.add(CloudTrailFiles.record(node));
                batch.endOffset = offset;
                batch.endSequence = sequence;
                batch.endChainValue = chainValue;
                batch.oldest = batch.oldest == null || time.isBefore(batch.oldest) ? time : batch.oldest;
                batch.newest = batch.newest == null || time.isAfter(batch.newest) ? time : batch.newest;
            }
            return batch.records.isEmpty() ? null : batch;
        }
    }

    private boolean firstLineStartsChain(Path log) throws IOException {
        byte[] first = firstLine(log);
        if (first == null) {
            return false;
        }
        JsonNode node = Json.MAPPER.readTree(first);
        // a log started afresh is followed only when its first line is the engine's own (keyed under its key)
        return node.path("sequence").asLong(-1) == 1 && AuditLog.GENESIS.equals(node.path("previousHash").asText())
                && (auditKey == null || AuditLog.keyedAndAuthentic(first, auditKey));
    }

    /** Whether the log's first line is unkeyed: a log begun before its store keyed it. */
    private boolean legacyLog() throws IOException {
        byte[] first = firstLine(logFile);
        return first != null && AuditLog.unkeyed(first);
    }

    private static byte[] firstLine(Path log) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(log))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (line.size() >= AuditLog.MAX_LINE_BYTES) {
                    return null;
                }
                line.write(b);
            }
            return b == '\n' ? line.toByteArray() : null;
        }
    }

    private AuditDeliveryState restart(AuditDeliveryState s, String why) throws IOException {
        AuditDeliveryState r = s.restartedLog(why + " at " + CloudTrailFiles.time(clock.instant()) + "; "
                + "delivery follows the new log from its first line (lines of the old log after sequence "
                + s.sequence() + " were not delivered)");
        r.write(dir);
        return r;
    }

    private synchronized boolean haveLock() {
        if (lock != null && lock.isValid()) {
            return true;
        }
        try {
            if (lockChannel == null) {
                lockChannel = AtomicFiles.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
            }
            lock = lockChannel.tryLock();
            return lock != null;
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized void releaseLock() {
        try {
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException ignored) {
            // closing releases the lock; nothing else to do
        }
    }
}
