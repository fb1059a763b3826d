package org.envelopejca.kms.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KeyState;
import org.envelopejca.kms.KmsErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.envelopejca.kms.local.Stores.assertKmsError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The second review's store findings: files readable by others (2, 8), weak passwords (2), an audit chain anybody
 * can re-compute (4), a store that can be rolled back (5). Each attack here succeeded on the engine before keyed
 * chains, private modes, the password rule and the rollback check.
 */
class StoreHardeningTest {
    @TempDir
    Path tmp;

    private static final String PRINCIPAL = "app-reader";

    // ---------------------------------------------------------------------------------------------------------
    // Findings 2 and 8: modes

    @Test
    void aNewStoreIsPrivateToItsOwner() throws Exception {
        assumeTrue(AtomicFiles.posix());
        Path dir = tmp.resolve("home").resolve("store");
        Path endpointLog = dir.resolve("endpoint-audit.log");
        try (LocalKms kms = LocalKms.open(dir, Stores.fast().build())) {
            kms.createKey(CreateKeyRequest.symmetric(""));
            kms.auditLogAt(endpointLog, false).appendUnderFileLock(event("Refused"));
        }
        assertEquals("rwx------", mode(dir));
        assertEquals("rwx------", mode(dir.getParent()), "created parents too");
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                names.add(f.getFileName().toString());
                assertEquals("rw-------", mode(f), f.toString());
            }
        }
        assertTrue(names.containsAll(List.of("root.json", "root.key", "store.json", "store.lock", "audit.log",
                "endpoint-audit.log")), names.toString());
    }

    @Test
    void looseModesAreTightenedAtOpen() throws Exception {
        assumeTrue(AtomicFiles.posix());
        Path dir = tmp.resolve("store");
        Path elsewhere = tmp.resolve("logs").resolve("kms-audit.log");
        Files.createDirectories(elsewhere.getParent());
        LocalKmsOptions options = Stores.fast().auditLog(elsewhere).build();
        try (LocalKms kms = LocalKms.open(dir, options)) {
            kms.createKey(CreateKeyRequest.symmetric(""));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-r--"));
            }
        }
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rw-r--r--"));
        LocalKms.open(dir, options).close();
        assertEquals("rwx------", mode(dir));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertEquals("rw-------", mode(f), f.toString());
            }
        }
        assertEquals("rw-------", mode(elsewhere));
    }

    @Test
    void aStoreOwnedByAnotherUserIsRefused() throws Exception {
        assumeTrue(AtomicFiles.posix());
        Path dir = tmp.resolve("theirs");
        LocalKms.open(dir, Stores.fast().build()).close();
        UserPrincipal nobody;
        try {
            nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(dir.resolve(StoreFile.NAME), nobody);
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "changing a file's owner needs root: " + e);
            return;
        }
        FileSystemException e = assertThrows(FileSystemException.class, () -> Stores.open(dir));
        assertTrue(e.getMessage().contains("owned by nobody"), e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Finding 2: password strength

    @Test
    void aWeakPasswordCreatesNoStore() throws Exception {
        for (String weak : List.of("secret", "password1234", "aaaaaaaaaaaaaaaa", "abcdefghijklmnop", "1234567890123",
                "abababababababab")) {
            Path dir = tmp.resolve("weak-" + weak.length() + "-" + weak.charAt(0));
            WeakPasswordException e = assertThrows(WeakPasswordException.class, () -> LocalKms.open(dir,
                    Stores.fast().password(weak.toCharArray()).argon2(Stores.FAST_ARGON2).build()), weak);
            assertFalse(e.getMessage().contains(weak), "the message never shows the password");
            assertFalse(Files.exists(dir.resolve(LocalKms.ROOT_HEADER)), weak);
        }
        for (String strong : List.of("correct horse battery staple", "qk7vm2xz9w4r", "Tr0ub4dor&3-x")) {
            Path dir = tmp.resolve("strong-" + strong.length());
            LocalKms.open(dir, Stores.fast().password(strong.toCharArray()).argon2(Stores.FAST_ARGON2).build())
                    .close();
        }
    }

    @Test
    void aStoreCreatedWithAWeakPasswordBeforeTheRuleStillOpens() throws Exception {
        Path dir = tmp.resolve("old-weak");
        Files.createDirectories(dir);
        char[] weak = "changeit".toCharArray();
        byte[] salt = RootKeys.randomBytes(RootKeys.SALT_BYTES);
        Argon2Settings a = Stores.FAST_ARGON2;
        // As an engine before the rule created it: the same header and store, with a password it would now refuse.
        try (RootKeys keys = RootKeys.fromRootKey(RootKeys.argon2id(weak, salt, a))) {
            new StoreFile(dir, keys, "us-east-1", "111122223333").write(StoreState.empty("us-east-1", "111122223333"));
            RootKeyStore.commit(dir, new RootHeader(RootHeader.FORMAT, 1, RootHeader.PASSWORD,
                    new RootHeader.Argon2Header("argon2id", 0x13, a.memoryKiB(), a.iterations(), a.parallelism()),
                    salt, keys.verifier()));
        }
        try (LocalKms kms = LocalKms.open(dir, Stores.fast().password(weak).build())) {
            kms.createKey(CreateKeyRequest.symmetric(""));
        }
    }

    @Test
    void theEstimateCountsClassesRunsAndRepeats() {
        assertTrue(PasswordPolicy.estimatedBits("aaaaaaaaaaaa".toCharArray()) < 10);
        assertTrue(PasswordPolicy.estimatedBits("abcdefghijkl".toCharArray()) < 10);
        assertTrue(PasswordPolicy.estimatedBits("qk7vm2xz9w4r".toCharArray())
                > PasswordPolicy.estimatedBits("qkmvmaxzbwcr".toCharArray()));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Finding 4: the audit chain is keyed

    @Test
    void anEditedPrincipalReHashedWithSha256FailsVerification() throws Exception {
        Path dir = tmp.resolve("store");
        Path log = usedStore(dir);
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        int edited = indexOf(lines, PRINCIPAL);
        lines.set(edited, lines.get(edited).replace(PRINCIPAL, "someone-else"));
        for (boolean renameToHash : List.of(true, false)) {
            Files.write(log, reHashed(lines, renameToHash));
            try (AuditKey key = AuditKey.forStore(dir, null)) {
                AuditVerification v = AuditLog.verify(log, key);
                assertFalse(v.ok(), v.toString());
            }
            assertThrows(StoreIntegrityException.class, () -> Stores.open(dir), "the engine refuses it too");
        }
    }

    @Test
    void deletedGenerateDataKeyLinesReHashedFailVerification() throws Exception {
        Path dir = tmp.resolve("store");
        Path log = usedStore(dir);
        List<String> lines = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
        int before = lines.size();
        lines.removeIf(l -> l.contains("\"eventName\":\"GenerateDataKey\""));
        assertTrue(lines.size() < before);
        Files.write(log, reHashed(lines, true));
        assertTrue(AuditLog.verify(log).ok(), "the unkeyed structure holds: only the key tells");
        try (AuditKey key = AuditKey.forStore(dir, null)) {
            AuditVerification v = AuditLog.verify(log, key);
            assertFalse(v.ok(), v.toString());
            assertTrue(v.problem().contains("no keyed line"), v.problem());
        }
    }

    @Test
    void aKeyedLogVerifiesWithItsKeyAndStructurallyWithout() throws Exception {
        Path dir = tmp.resolve("store");
        Path log = usedStore(dir);
        long lines = Files.readAllLines(log).size();
        try (AuditKey key = AuditKey.forStore(dir, null)) {
            AuditVerification v = AuditLog.verify(log, key);
            assertTrue(v.ok() && v.keyChecked() && v.keyedLines() == lines, v.toString());
        }
        AuditVerification structural = AuditLog.verify(log);
        assertTrue(structural.ok() && !structural.keyChecked() && structural.keyedLinesUnchecked() == lines,
                structural.toString());
        // another store's key is not this log's
        Path other = tmp.resolve("other");
        LocalKms.open(other, Stores.fast().build()).close();
        try (AuditKey wrong = AuditKey.forStore(other, null)) {
            assertFalse(AuditLog.verify(log, wrong).ok());
        }
    }

    @Test
    void anOldUnkeyedLogIsContinuedKeyedAfterAMarker() throws Exception {
        Path dir = tmp.resolve("store");
        Path log = usedStore(dir);
        // As an engine before keyed chains left it: unkeyed lines, no audit flag in the store.
        List<String> old = reHashed(Files.readAllLines(log), true).stream()
                .map(l -> l.replaceAll(",\"storeGeneration\":\\d+", "")).toList();
        Files.write(log, reHashed(old, true));
        try (RootKeys keys = RootKeyStore.openExisting(dir, null)) {
            StoreFile store = new StoreFile(dir, keys, "us-east-1", "111122223333");
            StoreState s = store.load();
            store.write(new StoreState(s.region(), s.account(), s.generation(), s.keys(), s.aliases(), null));
        }
        try (AuditKey key = AuditKey.forStore(dir, null)) {
            assertFalse(key.storeKeysItsLog());
            AuditVerification v = AuditLog.verify(log, key);
            assertTrue(v.ok() && v.keyedLines() == 0, v.toString());
        }
        try (LocalKms kms = Stores.open(dir)) {
            kms.listKeys(10, null);
        }
        List<String> now = Files.readAllLines(log);
        assertTrue(now.get(old.size()).contains("\"eventName\":\"EnvelopeAuditChainKeyed\""), now.get(old.size()));
        try (AuditKey key = AuditKey.forStore(dir, null)) {
            assertTrue(key.storeKeysItsLog());
            AuditVerification v = AuditLog.verify(log, key);
            assertTrue(v.ok() && v.keyedLines() == 2 && v.unkeyedLines() == old.size(), v.toString());
        }
        // an unkeyed line after the keyed ones is a break, even with a right SHA-256
        List<String> downgraded = new ArrayList<>(now);
        downgraded.addAll(reHashed(List.of(now.get(0)), true));
        Files.write(log, reHashedFrom(downgraded, downgraded.size() - 1));
        AuditVerification v = AuditLog.verify(log);
        assertFalse(v.ok(), v.toString());
        assertTrue(v.problem().contains("unkeyed line after keyed lines"), v.problem());
    }

    @Test
    void theEndpointLogIsKeyedWithTheEnginesKey() throws Exception {
        Path dir = tmp.resolve("store");
        Path refusals = dir.resolve("endpoint-audit.log");
        try (LocalKms kms = LocalKms.open(dir, Stores.fast().build())) {
            AuditLog log = kms.auditLogAt(refusals, false);
            for (int i = 0; i < 3; i++) {
                log.appendUnderFileLock(event("Refused" + i));
            }
        }
        try (AuditKey key = AuditKey.forStore(dir, null)) {
            AuditVerification v = AuditLog.verify(refusals, key);
            assertTrue(v.ok() && v.keyedLines() == 3, v.toString());
            assertThrows(IOException.class, () -> AuditLog.at(refusals, false).appendUnderFileLock(event("x")),
                    "an unkeyed writer cannot continue a keyed log");
            Files.write(refusals, reHashed(Files.readAllLines(refusals), false));
            assertFalse(AuditLog.verify(refusals, key).ok());
        }
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> {
            try (LocalKms kms = LocalKms.open(dir, Stores.fast().build())) {
                AuditLog log = kms.auditLogAt(dir.resolve("late.log"), false);
                kms.close();
                log.appendUnderFileLock(event("late"));
            }
        });
        assertTrue(closed.getMessage().contains("closed"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Finding 5: rollback

    @Test
    void anOlderStoreFilePutBackIsRefusedAtOpen() throws Exception {
        Path dir = tmp.resolve("store");
        String keyId;
        Path saved = tmp.resolve("store.json.old");
        try (LocalKms kms = Stores.open(dir)) {
            keyId = kms.createKey(CreateKeyRequest.symmetric("")).keyId();
            Files.copy(dir.resolve(StoreFile.NAME), saved);
            kms.disableKey(keyId);
            kms.scheduleKeyDeletion(keyId, 7);
        }
        Files.copy(saved, dir.resolve(StoreFile.NAME), StandardCopyOption.REPLACE_EXISTING);
        StoreRollbackException e = assertThrows(StoreRollbackException.class, () -> Stores.open(dir));
        // created (1), key created (2, the copy), disabled (3), deletion scheduled (4)
        assertEquals(2, e.storeGeneration(), e.getMessage());
        assertEquals(4, e.recordedGeneration(), e.getMessage());
        assertTrue(e.getMessage().contains("rolled back") && e.getMessage().contains("accept"), e.getMessage());
        // The documented recovery: accept it on purpose; recorded, and the store moves past the recorded generation.
        try (LocalKms kms = LocalKms.open(dir, Stores.fast().acceptRollback(true).build())) {
            assertEquals(KeyState.ENABLED, kms.describeKey(keyId).keyState());
        }
        try (LocalKms kms = Stores.open(dir)) {
            assertEquals(KeyState.ENABLED, kms.describeKey(keyId).keyState());
        }
        assertTrue(Files.readString(dir.resolve("audit.log")).contains("EnvelopeStoreRollbackAccepted"));
        try (AuditKey key = AuditKey.forStore(dir, null)) {
            assertTrue(AuditLog.verify(dir.resolve("audit.log"), key).ok());
        }
    }

    @Test
    void anOlderStoreFilePutBackWhileOpenFailsTheNextCall() throws Exception {
        Path dir = tmp.resolve("store");
        Path saved = tmp.resolve("store.json.old");
        try (LocalKms kms = Stores.open(dir)) {
            String keyId = kms.createKey(CreateKeyRequest.symmetric("")).keyId();
            Files.copy(dir.resolve(StoreFile.NAME), saved);
            kms.disableKey(keyId);
            Files.copy(saved, dir.resolve(StoreFile.NAME), StandardCopyOption.REPLACE_EXISTING);
            var failure = assertKmsError(KmsErrorCode.INTERNAL, () -> kms.describeKey(keyId));
            assertTrue(failure.getMessage().contains("rolled back"), failure.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A store with a few calls by {@link #PRINCIPAL}, closed; its audit log. */
    private Path usedStore(Path dir) throws Exception {
        try (LocalKms kms = Stores.open(dir)) {
            LocalKms app = kms.withCaller(PRINCIPAL, "AKIAEXAMPLE");
            KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric(""));
            for (int i = 0; i < 3; i++) {
                app.generateDataKey(key.keyId(), 32, Map.of("tenant", "t" + i));
            }
            app.describeKey(key.keyId());
            return kms.auditLogFile();
        }
    }

    /**
     * What someone without the root key can do: re-compute the chain with SHA-256 over each line up to its chain
     * value, renumbering the sequence; {@code renameToHash}: the lines are made unkeyed ({@code hash}), else the
     * SHA-256 is written as the {@code hmac}.
     */
    private static List<String> reHashed(List<String> lines, boolean renameToHash) throws Exception {
        return reHashedFrom(lines.stream().map(l -> renameToHash ? l.replace(",\"hmac\":\"", ",\"hash\":\"") : l)
                .toList(), 0);
    }

    /** Re-computes the chain from line {@code from} on (0-based) with SHA-256, the earlier lines as they are. */
    private static List<String> reHashedFrom(List<String> lines, int from) throws Exception {
        List<String> out = new ArrayList<>();
        String previous = AuditLog.GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int cut = l.length() - (",\"hash\":\"".length() + 64 + 2);
            String name = l.substring(cut, cut + ",\"hash\":\"".length());
            if (i < from) {
                out.add(l);
                previous = l.substring(cut + name.length(), cut + name.length() + 64);
                continue;
            }
            String prefix = l.substring(0, cut)
                    .replaceAll("\"sequence\":\\d+,\"previousHash\":\"[0-9a-f]{64}\"",
                            "\"sequence\":" + (i + 1) + ",\"previousHash\":\"" + previous + "\"");
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(prefix.getBytes(StandardCharsets.UTF_8)));
            out.add(prefix + name + hash + "\"}");
            previous = hash;
        }
        return out;
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + text);
    }

    private static ObjectNode event(String name) {
        return Json.MAPPER.createObjectNode().put("eventName", name);
    }

    private static String mode(Path p) throws Exception {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p);
        return PosixFilePermissions.toString(permissions);
    }
}
