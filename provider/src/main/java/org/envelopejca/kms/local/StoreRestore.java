package org.envelopejca.kms.local;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Brings a store back from a {@link CopyTarget} ({@code envelope keys restore}). Before anything is written, the
 * copy must open: its root header must be the local store's (when there is one) and accept the password (or the
 * local {@code root.key}), and its store file must pass the MAC, format, region and account checks of
 * {@link StoreFile}. A copy older than the newest generation known (the local store's, the last keyed audit
 * line's, the copy target's newest) is refused unless {@code allowOlder}; an older copy that is allowed is written
 * with a generation past the newest known, so that the rollback check and the copies' versions stay monotonic.
 * The store file is replaced atomically; a {@code root.json} is written (after it, as at creation) only where
 * none is. An {@code EnvelopeStoreRestored} event in the keyed audit chain records source, version and generations.
 */
public final class StoreRestore {
    /** At most this many versions are looked through for a {@code --generation}. */
    static final int MAX_VERSIONS = 1000;
    /** A generation moves by one per change: no store reaches this, so a claim above it is forged. */
    static final long MAX_PLAUSIBLE_GENERATION = 1L << 48;

    private StoreRestore() {
    }

    /**
     * What a restore did.
     *
     * @param location            the copy target
     * @param version             the version restored (a directory's generation, an S3 version ID)
     * @param copyGeneration      the generation the copy holds
     * @param storeGeneration     the local store's generation now (above {@code copyGeneration} for an older copy)
     * @param newestKnown         the newest generation known before the restore (-1: none)
     */
    public record Result(String location, String version, long copyGeneration, long storeGeneration,
                         long newestKnown) {
    }

    /**
     * Restores the store in {@code dir} from {@code from}: the version named by {@code version}, else the one of
     * {@code generation}, else the newest.
     *
     * @throws StoreRollbackException  the copy is older than the newest known generation and {@code allowOlder}
     *                                 is false; nothing was written
     * @throws StoreIntegrityException the copy does not open (changed, truncated, another store's); nothing written
     * @throws WrongPasswordException  the password does not open the copy; nothing was written
     */
    public static Result restore(Path dir, LocalKmsOptions options, CopyTarget from, String version,
                                 Long generation, boolean allowOlder) throws IOException, WrongPasswordException {
        Objects.requireNonNull(options, "options");
        List<CopyVersion> newest = from.versions(1);
        if (newest.isEmpty()) {
            throw new StoreIntegrityException(Path.of(from.location()), "holds no copy of a store");
        }
        StoreCopy copy = from.read(pick(from, newest.get(0), version, generation));
        // The newest generation the target knows: the largest any of its versions claims, not the newest upload's
        // (whoever may write the bucket could upload an old version again on top). The claims are not
        // authenticated, but a false one can only make the refusal stricter.
        long sourceNewest = -1;
        for (CopyVersion v : from.versions(MAX_VERSIONS)) {
            sourceNewest = Math.max(sourceNewest, v.generation());
        }
        if (sourceNewest > MAX_PLAUSIBLE_GENERATION) {
            throw new StoreIntegrityException(Path.of(from.location()), "names generation " + sourceNewest
                    + ", which no store reaches; not restored");
        }
        long targetNewest = sourceNewest;
        PrivateDirectory.prepare(dir, options.auditLog());
        try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
            return lock.<Result, WrongPasswordException>locked(
                    () -> restoreLocked(dir, options, copy, targetNewest, allowOlder));
        }
    }

    private static String pick(CopyTarget from, CopyVersion newest, String version, Long generation)
            throws IOException {
        if (version != null) {
            return version;
        }
        if (generation == null) {
            return newest.version();
        }
        for (CopyVersion v : from.versions(MAX_VERSIONS)) {
            if (v.generation() == generation) {
                return v.version();
            }
        }
        throw new StoreIntegrityException(Path.of(from.location()), "holds no copy of generation " + generation
                + " among its newest " + MAX_VERSIONS + " versions");
    }

    private static Result restoreLocked(Path dir, LocalKmsOptions options, StoreCopy copy, long sourceNewest,
                                        boolean allowOlder) throws IOException, WrongPasswordException {
        Path copyHeaderName = Path.of(copy.location(), DirectoryCopyTarget.HEADER);
        Path copyStoreName = Path.of(copy.location(), "version " + copy.version());
        RootHeader header = RootKeyStore.parseHeader(copyHeaderName, copy.rootHeader());
        Path localHeader = dir.resolve(LocalKms.ROOT_HEADER);
        boolean headerPresent = Files.exists(localHeader);
        if (headerPresent) {
            RootHeader local = RootKeyStore.parseHeader(localHeader, AtomicFiles.readBounded(localHeader, 64 * 1024));
            if (!MessageDigest.isEqual(local.verifier(), header.verifier())) {
                throw new StoreIntegrityException(copyHeaderName, "belongs to another store than the one in " + dir
                        + " (another root key); not restored");
            }
        }
        char[] pw = options.password();
        RootKeys rootKeys;
        try {
            rootKeys = RootKeyStore.open(dir, copyHeaderName, header, pw);
        } finally {
            if (pw != null) {
                Arrays.fill(pw, '\0');
            }
        }
        try {
            StoreState state = StoreFile.reader(copyStoreName, rootKeys, options.region(), options.account())
                    .parse(copy.sealedStore());
            if (state.generation() != copy.generation()) {
                throw new StoreIntegrityException(copyStoreName, "is named generation " + copy.generation()
                        + " but holds generation " + state.generation() + "; not restored");
            }
            Path auditFile = options.auditLog() != null ? options.auditLog() : dir.resolve(AuditLog.DEFAULT_NAME);
            StoreFile local = new StoreFile(dir, rootKeys, options.region(), options.account());
            long localGeneration = localGeneration(local);
            AuditLog.LastLine last = Files.exists(auditFile) ? AuditLog.lastRecord(auditFile, rootKeys.auditKey())
                    : null;
            long recorded = last != null && last.keyed() ? last.storeGeneration() : -1;
            long newestKnown = Math.max(Math.max(localGeneration, recorded), sourceNewest);
            if (state.generation() < newestKnown && !allowOlder) {
                throw new StoreRollbackException(copyStoreName, "is at generation " + state.generation()
                        + ", older than the newest generation known, " + newestKnown + " (local store "
                        + localGeneration + ", audit log " + recorded + ", copies " + sourceNewest + "); not "
                        + "restored. To go back to it on purpose, restore with --allow-older",
                        state.generation(), newestKnown);
            }
            long written;
            if (state.generation() >= newestKnown) {
                AtomicFiles.write(local.path(), copy.sealedStore());
                written = state.generation();
            } else {
                written = local.write(state.withGeneration(newestKnown)).generation();
            }
            if (!headerPresent) {
                AtomicFiles.write(localHeader, copy.rootHeader());
            }
            ObjectNode details = Json.MAPPER.createObjectNode()
                    .put("source", copy.location())
                    .put("version", copy.version())
                    .put("generation", state.generation())
                    .put("restoredGeneration", written)
                    .put("newestKnownGeneration", newestKnown)
                    .put("allowOlder", allowOlder);
            ObjectNode event = new AuditEvents(options.region(), options.account())
                    .serviceEvent("EnvelopeStoreRestored", null, options.clock().instant(), details);
            event.put("storeGeneration", written);
            AuditLog audit = new AuditLog(auditFile, options.auditSync(), rootKeys.auditKey());
            try {
                audit.append(event);
            } finally {
                audit.close();
            }
            return new Result(copy.location(), copy.version(), state.generation(), written, newestKnown);
        } finally {
            rootKeys.close();
        }
    }

    /** The local store's generation; -1 when there is none or it does not open (the reason a restore is made). */
    private static long localGeneration(StoreFile local) throws IOException {
        if (!Files.exists(local.path())) {
            return -1;
        }
        try {
            return local.load().generation();
        } catch (StoreIntegrityException e) {
            return -1;
        }
    }
}
