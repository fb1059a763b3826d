package org.envelopejca.kms.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The audit log: one JSON object per line, each a CloudTrail-shaped event (see {@link AuditEvents}), chained.
 * Every line ends with three members the engine adds:
 * <pre>…,"sequence":N,"previousHash":"&lt;64 hex&gt;","hmac":"&lt;64 hex&gt;"}</pre>
 * {@code sequence} is the 1-based line number; {@code previousHash} is the previous line's chain value (64 zeros
 * on line 1); {@code hmac} is the lowercase hex HMAC-SHA256, under the store's {@link AuditKey} (derived from its
 * root key), of the line's UTF-8 bytes up to, not including, the {@code ,"hmac":} that introduces it. So an edited
 * line fails its own HMAC, a deleted, inserted or reordered line fails its sequence, and a line re-computed after an
 * edit fails the next line's {@code previousHash}; none of it can be re-computed without the root key.
 *
 * <p>Logs written before the chain was keyed end their lines with {@code ,"hash":"<64 hex>"}: the SHA-256 of the
 * same bytes, which anybody can re-compute. They still verify, reported as unkeyed. When an engine with the key
 * continues such a log, its first keyed line chains to the last unkeyed hash (the store's upgrade is recorded as a
 * service event {@code EnvelopeAuditChainKeyed}); from the first keyed line on every line must be keyed: an
 * unkeyed line after a keyed one is a break. Engines also record the store's generation in each line
 * ({@code storeGeneration}) so that an older store file put back is noticed at open (see {@link LocalKms}).
 *
 * <p>Appends happen under the store's directory lock, so processes sharing a store keep one chain. A torn last line
 * (a crash in the middle of an append, which never completed) is cut off before the next append; until then
 * {@link #verify} reports it. The chain proves order and integrity, not completeness at the end: whoever can write
 * the file can cut whole lines off its end or rewrite it entirely, so keep copies elsewhere if that matters.
 *
 * <p>When the lines reach the disk is the {@link AuditSync} mode's choice. A call that must return only once its line
 * is on disk waits for that after the directory lock is released, and shares the disk sync with the calls that
 * wrote meanwhile (group commit): the guarantee of a sync per line, at the cost of one sync per group. Lines that may
 * wait ({@link AuditSync#BATCHED}) are forced by a background thread at most {@link #BATCH_INTERVAL} after they were
 * written; if that sync fails, the engine's next call tries it again and fails when it cannot, so that calls do not
 * go on while their lines cannot be made durable.
 */
public final class AuditLog {
    static final String DEFAULT_NAME = "audit.log";
    static final String GENESIS = "0".repeat(64);
    /** Longest line we write or read; bounds memory on a damaged file. */
    static final int MAX_LINE_BYTES = 1024 * 1024;
    private static final byte[] HASH_INTRO = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
    /** Same length as {@link #HASH_INTRO}: both kinds of line end in the same number of bytes. */
    private static final byte[] HMAC_INTRO = ",\"hmac\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int SUFFIX_BYTES = HASH_INTRO.length + 64 + 2;

    /** How long a sync waits for other lines to join it; under the cost of a sync of its own (0.3 ms and up). */
    static final long GATHER_NANOS = 300_000;

    /** The longest a line of {@link AuditSync#BATCHED} waits for its sync. */
    public static final Duration BATCH_INTERVAL = Duration.ofMillis(100);

    private final Path file;
    private final AuditSync mode;
    /** Null: an unkeyed writer (it cannot continue a keyed log). */
    private final AuditKey key;

    /** The file as this engine last opened it for appending; replaced when the path names another file. */
    private volatile Segment segment;
    /** Calls that announced a line and have not written it yet (see {@link Segment}). */
    private final AtomicInteger coming = new AtomicInteger();
    /** A batch sync is scheduled and has not started yet: lines written now will be in it. */
    private final AtomicBoolean batchScheduled = new AtomicBoolean();
    /** Runs the batch syncs; made at the first line that waits for one, stopped by {@link #close}. */
    private ScheduledThreadPoolExecutor batcher;
    /** Why the last batch sync failed; cleared by the sync that succeeds. */
    private final AtomicReference<IOException> batchFailure = new AtomicReference<>();
    /** Disk syncs done, for tests. */
    private final AtomicLong syncs = new AtomicLong();

    AuditLog(Path file, AuditSync mode, AuditKey key) {
        this.file = file;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.key = key;
    }

    /**
     * An unkeyed hash-chained log in {@code file} for writers that share no other lock (e.g. several endpoint
     * processes): write it with {@link #appendUnderFileLock}. {@code sync} forces each line to disk before the append
     * returns. Prefer {@link #at(Path, boolean, AuditKey)}: an unkeyed chain can be re-computed by anyone.
     */
    public static AuditLog at(Path file, boolean sync) {
        return at(file, sync, null);
    }

    /**
     * As {@link #at(Path, boolean)}, each line keyed under {@code key} (null: unkeyed); an engine gives its key
     * with {@link LocalKms#auditLogAt}. The file is created 0600.
     */
    public static AuditLog at(Path file, boolean sync, AuditKey key) {
        return new AuditLog(file, sync ? AuditSync.EVERY_CALL : AuditSync.OPERATING_SYSTEM, key);
    }

    /** Whether this writer keys its lines. */
    public boolean keyed() {
        return key != null;
    }

    public Path path() {
        return file;
    }

    /** Appends the event of a store change, durable on return unless the mode leaves syncs to the system. */
    void append(ObjectNode event) throws IOException {
        write(event, true).awaitDurable();
    }

    /**
     * Writes one event (its chain members are added here) and returns what makes it durable: the caller holds the
     * directory lock for the write and waits on the answer after releasing it, so that concurrent calls share one
     * disk sync (group commit) while each still returns only once its own line is on disk. {@code storeChanged}:
     * the call changed the store, so under {@link AuditSync#BATCHED} its line is durable before it returns too.
     */
    Durability write(ObjectNode event, boolean storeChanged) throws IOException {
        Segment s = currentSegment();
        IOException failed = batchFailure.get();
        if (failed != null) {
            // A batch sync failed: the lines it should have covered are made durable now, or this call fails.
            s.awaitDurable(s.written());
            batchFailure.compareAndSet(failed, null);
        }
        long number = s.append(event);
        if (mode.durableOnReturn(storeChanged)) {
            return () -> s.awaitDurable(number);
        }
        if (mode == AuditSync.BATCHED) {
            scheduleBatch();
        }
        return Durability.NONE;
    }

    /** Disk syncs this log has done. */
    long syncs() {
        return syncs.get();
    }

    /** Lines of the open file known to be on disk, and lines written to it (none when no file is open). */
    record Progress(long synced, long written) {
    }

    Progress progress() {
        Segment s = segment;
        return s == null ? new Progress(0, 0) : s.progress();
    }

    private void scheduleBatch() {
        if (batchScheduled.compareAndSet(false, true)) {
            batcher().schedule(this::syncBatch, BATCH_INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private synchronized ScheduledThreadPoolExecutor batcher() {
        if (batcher == null) {
            batcher = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "envelope-audit-sync");
                t.setDaemon(true);
                return t;
            });
            // close() has synced every line by the time it stops the batcher: a pending batch has nothing to do
            batcher.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            // an engine that only changes keys, or is idle, keeps no thread
            batcher.setKeepAliveTime(10, TimeUnit.SECONDS);
            batcher.allowCoreThreadTimeOut(true);
        }
        return batcher;
    }

    /** The batch sync: covers every line written before it looks, including those of other processes. */
    private void syncBatch() {
        // Cleared first: a line written from now on schedules the next batch, whether or not this one covers it.
        batchScheduled.set(false);
        Segment s = segment;
        if (s == null) {
            return;
        }
        try {
            s.awaitDurable(s.written());
        } catch (IOException | RuntimeException e) {
            if (segment == s) {
                // Not a file retired meanwhile (retiring syncs it): the next call retries this sync or fails.
                batchFailure.set(e instanceof IOException io ? io : new IOException(e));
            }
        }
    }

    /**
     * A call will write a line soon: a sync starting meanwhile may wait briefly to cover it too. Every announce is
     * followed by one {@link #withdraw}, once the line is written or will not be.
     */
    void announce() {
        coming.incrementAndGet();
    }

    void withdraw() {
        coming.decrementAndGet();
        Segment s = segment;
        if (s != null) {
            s.wake();
        }
    }

    /**
     * Makes every line written so far durable (unless the mode leaves that to the system), closes the file and stops
     * the batch syncs. The caller holds the directory lock.
     */
    void close() throws IOException {
        try {
            if (segment != null) {
                Segment s = segment;
                segment = null;
                s.retire(mode.forcesLines());
            }
        } finally {
            synchronized (this) {
                if (batcher != null) {
                    batcher.shutdown();
                }
            }
        }
    }

    /**
     * The open file, or a new one when there is none, an interrupt closed it, or the path now names another file
     * (moved aside and started afresh): the old one's lines are made durable before it is closed. One stat of
     * the path per append instead of an open and a close.
     */
    private Segment currentSegment() throws IOException {
        Object key = fileKey();
        if (segment != null && segment.channel.isOpen() && key != null && key.equals(segment.key)) {
            return segment;
        }
        if (segment != null) {
            Segment old = segment;
            segment = null;
            old.retire(mode.forcesLines());
        }
        FileChannel ch = open();
        Object opened = fileKey();
        segment = new Segment(ch, opened);
        return segment;
    }

    private Object fileKey() throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Appends one event under an exclusive lock on the file itself, so concurrent writers keep one chain. */
    public void appendUnderFileLock(ObjectNode event) throws IOException {
        try (FileChannel ch = open(); FileLock lock = ch.lock()) {
            appendTo(ch, event, null);
            if (mode.durableOnReturn(false)) {
                ch.force(false);
            }
        }
    }

    /** Reads the last complete line, so that a damaged end of the chain is reported now, not at the next append. */
    public void checkTail() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = completeLinesEnd(ch, ch.size());
            if (end > 0) {
                lastLine(ch, end);
            }
        }
    }

    private FileChannel open() throws IOException {
        return AtomicFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /**
     * Cuts a torn last line, chains to the last complete one, writes this one. {@code known}, the line this writer
     * wrote last and where, spares reading and parsing the last line when the file still ends with it.
     */
    private Written appendTo(FileChannel ch, ObjectNode event, Written known) throws IOException {
        long size = ch.size();
        Tail tail = known == null ? null : known.tailIfLast(ch, size);
        long end = size;
        if (tail == null) {
            end = completeLinesEnd(ch, size);
            if (end < size) {
                ch.truncate(end);
            }
            tail = end == 0 ? new Tail(0, GENESIS, false) : lastLine(ch, end);
        }
        if (tail.keyed && key == null) {
            throw new IOException("audit log " + file + " is keyed: an unkeyed writer cannot continue it");
        }
        event.put("sequence", tail.sequence + 1);
        event.put("previousHash", tail.hash);
        byte[] json = Json.MAPPER.writeValueAsBytes(event);
        int prefixLength = json.length - 1;
        // One HMAC (or digest) per line, with this thread's instance.
        String hash = key != null ? HexFormat.of().formatHex(key.mac(json, prefixLength)) : sha256Hex(json, prefixLength);
        byte[] line = new byte[prefixLength + SUFFIX_BYTES + 1];
        System.arraycopy(json, 0, line, 0, prefixLength);
        byte[] suffix = ((key != null ? ",\"hmac\":\"" : ",\"hash\":\"") + hash + "\"}\n")
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(suffix, 0, line, prefixLength, suffix.length);
        if (line.length > MAX_LINE_BYTES) {
            throw new IOException("audit event too large for " + file);
        }
        // One write call per line: a killed process leaves the whole line or none of it.
        ByteBuffer buf = ByteBuffer.wrap(line);
        long position = end;
        while (buf.hasRemaining()) {
            position += ch.write(buf, position);
        }
        return new Written(line, position, new Tail(tail.sequence + 1, hash, key != null));
    }

    /** What a line's durability depends on: nothing, or a disk sync that may be shared with other lines. */
    @FunctionalInterface
    interface Durability {
        Durability NONE = () -> { };

        /** Returns once the line is on disk. */
        void awaitDurable() throws IOException;
    }

    /** The line this writer wrote last, where it ends and the chain after it. */
    private record Written(byte[] line, long end, Tail tail) {
        /** The tail when the file still ends with this very line, else null (someone else wrote or cut). */
        Tail tailIfLast(FileChannel ch, long size) throws IOException {
            if (size != end) {
                return null;
            }
            ByteBuffer buf = ByteBuffer.allocate(line.length);
            readFully(ch, buf, end - line.length);
            return Arrays.equals(buf.array(), line) ? tail : null;
        }
    }

    /**
     * One opened file and the group commit of its lines: lines are numbered as written (under the directory lock);
     * a waiter whose line is not yet known durable either waits for the sync under way or, when none is, starts
     * one that covers every line written by then. A sync forces the file, so it covers the lines of other
     * processes too; their own waits do not depend on ours. Before it syncs, a waiter gives other lines up to
     * {@link #GATHER_NANOS} to join the same sync, when calls of this engine are about to write ({@link #announce})
     * or when the last sync showed calls coming together (it covered several lines, or lines came while it ran):
     * two clients otherwise fall into turns, each sync covering one line while the other client's line waits for
     * the next. A lone caller never waits.
     */
    private final class Segment {
        final FileChannel channel;
        final Object key;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private Written last;
        private long written;
        private long durable;
        private boolean forcing;
        private boolean together;

        Segment(FileChannel channel, Object key) {
            this.channel = channel;
            this.key = key;
        }

        /** Called with the directory lock held. */
        long append(ObjectNode event) throws IOException {
            last = appendTo(channel, event, last);
            lock.lock();
            try {
                changed.signalAll();
                return ++written;
            } finally {
                lock.unlock();
            }
        }

        /** The number of lines written so far. */
        long written() {
            lock.lock();
            try {
                return written;
            } finally {
                lock.unlock();
            }
        }

        Progress progress() {
            lock.lock();
            try {
                return new Progress(durable, written);
            } finally {
                lock.unlock();
            }
        }

        /** A sync gathering lines looks again at what is coming. */
        void wake() {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void awaitDurable(long number) throws IOException {
            long target;
            boolean interrupted = false;
            lock.lock();
            try {
                while (durable < number && forcing) {
                    changed.awaitUninterruptibly();
                }
                if (durable >= number) {
                    return;
                }
                forcing = true;
                long seen = written;
                long left = GATHER_NANOS;
                while ((together || coming.get() > 0) && written == seen && left > 0) {
                    try {
                        left = changed.awaitNanos(left);
                    } catch (InterruptedException e) {
                        // Stop gathering, but keep the interrupt away from the sync (it would close the channel).
                        interrupted = true;
                        left = 0;
                    }
                }
                target = written;
            } finally {
                lock.unlock();
            }
            // An interrupt would make force() close the channel that every waiter shares: kept until after it.
            interrupted |= Thread.interrupted();
            boolean forced = false;
            try {
                channel.force(false);
                forced = true;
                syncs.incrementAndGet();
            } finally {
                lock.lock();
                try {
                    forcing = false;
                    if (forced) {
                        // Several lines in this sync, or lines that came while it ran: callers come together.
                        together = target - durable > 1 || written > target;
                        durable = Math.max(durable, target);
                    }
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Syncs what is not yet durable (when syncing) and closes the file. */
        void retire(boolean syncing) throws IOException {
            lock.lock();
            try {
                if (syncing && channel.isOpen()) {
                    while (forcing) {
                        changed.awaitUninterruptibly();
                    }
                    if (durable < written) {
                        channel.force(false);
                        syncs.incrementAndGet();
                        durable = written;
                    }
                }
            } finally {
                try {
                    channel.close();
                } finally {
                    lock.unlock();
                }
            }
        }

    }

    /**
     * Verifies the chain of a log file from its first line to its last without a key: unkeyed lines are checked
     * whole; of keyed lines only the structure (sequence, chaining, well-formed values), since their HMAC needs the
     * key ({@link AuditVerification#keyedLinesUnchecked()} says how many).
     */
    public static AuditVerification verify(Path logFile) throws IOException {
        return verify(logFile, null);
    }

    /**
     * Verifies the chain of a log file, checking the HMAC of keyed lines under {@code key} (null: as
     * {@link #verify(Path)}). With the key of a store that keys its log ({@link AuditKey#storeKeysItsLog()}), a
     * non-empty log without a keyed line is a break: it was re-hashed without the key (or cut back to before the
     * upgrade).
     */
    public static AuditVerification verify(Path logFile, AuditKey key) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(logFile), 64 * 1024)) {
            Chain chain = new Chain(key);
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            while (true) {
                line.reset();
                boolean newline = false;
                int b;
                while ((b = in.read()) >= 0) {
                    if (b == '\n') {
                        newline = true;
                        break;
                    }
                    if (line.size() >= MAX_LINE_BYTES) {
                        return chain.broken(chain.lines + 1, "line longer than " + MAX_LINE_BYTES + " bytes");
                    }
                    line.write(b);
                }
                if (!newline && line.size() == 0) {
                    return chain.end();
                }
                if (!newline) {
                    return chain.broken(chain.lines + 1, "incomplete last line (torn write or truncation)");
                }
                String problem = chain.check(line.toByteArray());
                if (problem != null) {
                    return chain.broken(chain.lines + 1, problem);
                }
            }
        }
    }

    /** The state of a verification: lines so far, the last chain value, keyed lines seen. */
    private static final class Chain {
        final AuditKey key;
        long lines;
        long keyed;
        String previous = GENESIS;

        Chain(AuditKey key) {
            this.key = key;
        }

        AuditVerification broken(long line, String problem) {
            return new AuditVerification(false, line - 1, line, problem, keyed, key != null);
        }

        AuditVerification end() {
            if (key != null && key.storeKeysItsLog() && lines > 0 && keyed == 0) {
                return new AuditVerification(false, lines, lines, "no keyed line, although the store keys its audit "
                        + "chain: the log was re-hashed without the key, or cut back to before the store was "
                        + "upgraded", 0, true);
            }
            return new AuditVerification(true, lines, 0, null, keyed, key != null);
        }

        /** Null when the next line is sound and chains to the previous one, else what is wrong with it. */
        String check(byte[] line) {
            long lineNumber = lines + 1;
            String recorded = recordedHash(line);
            if (recorded == null) {
                return "not an audit line (no hash or hmac at its end)";
            }
            int prefixLength = line.length - SUFFIX_BYTES;
            if (isKeyed(line)) {
                if (key != null && !MessageDigest.isEqual(key.mac(line, prefixLength),
                        HexFormat.of().parseHex(recorded))) {
                    return "line was modified or re-computed without the key (its HMAC does not match)";
                }
            } else {
                if (keyed > 0) {
                    return "unkeyed line after keyed lines (re-hashed without the key?)";
                }
                if (!sha256Hex(line, prefixLength).equals(recorded)) {
                    return "line was modified (its hash does not match its content)";
                }
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(line);
            } catch (IOException e) {
                return "not valid JSON";
            }
            if (node == null || !node.path("sequence").canConvertToLong()) {
                return "no sequence number";
            }
            long sequence = node.path("sequence").asLong();
            if (sequence != lineNumber) {
                return "sequence " + sequence + " where " + lineNumber
                        + " was expected (lines deleted, inserted or reordered)";
            }
            if (!previous.equals(node.path("previousHash").asText(""))) {
                return lineNumber == 1 ? "first line does not start the chain"
                        : "does not chain to line " + (lineNumber - 1) + " (previousHash mismatch)";
            }
            if (isKeyed(line)) {
                keyed++;
            }
            lines = lineNumber;
            previous = recorded;
            return null;
        }
    }

    /**
     * The last complete line of a log, for the store's rollback check at open: its sequence, whether it is keyed,
     * and the store generation it records (-1 when none). Null when there is no file or no complete line. A keyed
     * last line is checked under {@code key} first.
     *
     * @throws StoreIntegrityException the last line is damaged, or keyed and fails its HMAC
     */
    static LastLine lastRecord(Path logFile, AuditKey key) throws IOException {
        if (!Files.exists(logFile)) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.READ)) {
            long end = completeLinesEnd(ch, ch.size());
            if (end == 0) {
                return null;
            }
            long start = completeLinesEnd(ch, end - 1);
            if (end - start > MAX_LINE_BYTES) {
                throw new StoreIntegrityException(logFile, "last line too long");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) (end - 1 - start));
            readFully(ch, buf, start);
            byte[] line = buf.array();
            String recorded = recordedHash(line);
            boolean keyed = recorded != null && isKeyed(line);
            if (recorded == null || keyed && key != null && !MessageDigest.isEqual(key.mac(line, line.length - SUFFIX_BYTES),
                    HexFormat.of().parseHex(recorded))) {
                throw new StoreIntegrityException(logFile, "its last line is damaged or fails its keyed check; verify "
                        + "the log (envelope audit verify) and, once you know why, move it aside");
            }
            JsonNode node = Json.MAPPER.readTree(line);
            return new LastLine(node.path("sequence").asLong(), keyed,
                    node.path("storeGeneration").canConvertToLong() ? node.path("storeGeneration").asLong() : -1);
        }
    }

    /**
     * Whether one complete line (without its newline) is keyed and its HMAC checks under {@code key}: what audit
     * delivery asks of every line before it uploads it, so that lines written by someone without the key are not
     * delivered and signed as the engine's.
     */
    static boolean keyedAndAuthentic(byte[] line, AuditKey key) {
        String recorded = recordedHash(line);
        return recorded != null && isKeyed(line)
                && MessageDigest.isEqual(key.mac(line, line.length - SUFFIX_BYTES), HexFormat.of().parseHex(recorded));
    }

    /** Whether a complete line carries the unkeyed SHA-256 chain of logs from before the store keyed its log. */
    static boolean unkeyed(byte[] line) {
        return recordedHash(line) != null && !isKeyed(line);
    }

    /** See {@link #lastRecord(Path, AuditKey)}. */
    record LastLine(long sequence, boolean keyed, long storeGeneration) {
    }

    private static boolean isKeyed(byte[] line) {
        int start = line.length - SUFFIX_BYTES;
        return Arrays.equals(line, start, start + HMAC_INTRO.length, HMAC_INTRO, 0, HMAC_INTRO.length);
    }

    /** The 64-hex chain value (hash or hmac) at the end of a well-formed line, else null. */
    private static String recordedHash(byte[] line) {
        int start = line.length - SUFFIX_BYTES;
        if (start < 1 || line[line.length - 2] != '"' || line[line.length - 1] != '}') {
            return null;
        }
        if (!Arrays.equals(line, start, start + HASH_INTRO.length, HASH_INTRO, 0, HASH_INTRO.length)
                && !isKeyed(line)) {
            return null;
        }
        for (int i = start + HASH_INTRO.length; i < start + HASH_INTRO.length + 64; i++) {
            byte c = line[i];
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return null;
            }
        }
        return new String(line, start + HASH_INTRO.length, 64, StandardCharsets.US_ASCII);
    }

    /** Where the last complete line ends (just after its newline), reading back in chunks from the end. */
    private static long completeLinesEnd(FileChannel ch, long size) throws IOException {
        long pos = size;
        ByteBuffer buf = ByteBuffer.allocate(8192);
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

    private Tail lastLine(FileChannel ch, long end) throws IOException {
        long start = completeLinesEnd(ch, end - 1);
        if (end - start > MAX_LINE_BYTES) {
            throw new IOException("audit log " + file + ": last line too long");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) (end - 1 - start));
        readFully(ch, buf, start);
        byte[] line = buf.array();
        String hash = recordedHash(line);
        JsonNode node = hash == null ? null : Json.MAPPER.readTree(line);
        if (node == null || !node.path("sequence").canConvertToLong()) {
            throw new IOException("audit log " + file + ": its last line is damaged; verify the log and move it aside");
        }
        return new Tail(node.path("sequence").asLong(), hash, isKeyed(line));
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) {
                throw new IOException("audit log shrank while being read");
            }
            p += n;
        }
    }

    static String sha256Hex(byte[] data, int length) {
        MessageDigest sha = ThreadCrypto.sha256();
        sha.update(data, 0, length);
        return HexFormat.of().formatHex(sha.digest());
    }

    private record Tail(long sequence, String hash, boolean keyed) {
    }
}
