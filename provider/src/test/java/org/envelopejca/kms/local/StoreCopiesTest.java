package org.envelopejca.kms.local;

import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeyState;
import org.envelopejca.kms.KmsErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Store copies in a directory: one version per change, exactly the sealed file, and copies-required. */
class StoreCopiesTest {
    static final String PASSWORD = "correct horse";

    @TempDir
    Path tmp;

    static LocalKmsOptions options(String password, List<CopyTarget> copies, int required) {
        return Stores.fast().password(password.toCharArray()).argon2(Stores.FAST_ARGON2).copies(copies)
                .copiesRequired(required).build();
    }

    static List<Path> copyFiles(Path copies) throws Exception {
        try (var s = Files.list(copies)) {
            return s.filter(p -> p.getFileName().toString().startsWith("store-")).sorted().toList();
        }
    }

    static String audit(Path store) throws Exception {
        return Files.readString(store.resolve(AuditLog.DEFAULT_NAME), StandardCharsets.UTF_8);
    }

    @Test
    void everyChangeWritesANewVersionThatIsTheSealedLocalFile() throws Exception {
        Path store = tmp.resolve("store");
        Path copies = tmp.resolve("copies");
        try (LocalKms kms = LocalKms.open(store, options(PASSWORD, List.of(new DirectoryCopyTarget(copies)), 1))) {
            int created = copyFiles(copies).size();
            assertEquals(1, created, "the new store's first generation is copied");
            String keyId = kms.createKey(CreateKeyRequest.symmetric("copied")).keyId();
            assertEquals(created + 1, copyFiles(copies).size());
            byte[] blob = kms.encrypt(keyId, "x".getBytes(StandardCharsets.UTF_8), Map.of(), null).ciphertextBlob();
            kms.decrypt(blob, keyId, Map.of(), null);
            kms.describeKey(keyId);
            assertEquals(created + 1, copyFiles(copies).size(), "calls that change nothing make no version");
            kms.disableKey(keyId);
            kms.enableKey(keyId);
            List<Path> versions = copyFiles(copies);
            assertEquals(created + 3, versions.size());
            assertArrayEquals(Files.readAllBytes(store.resolve(StoreFile.NAME)),
                    Files.readAllBytes(versions.get(versions.size() - 1)), "the newest copy is the sealed store file");
            assertArrayEquals(Files.readAllBytes(store.resolve(LocalKms.ROOT_HEADER)),
                    Files.readAllBytes(copies.resolve(DirectoryCopyTarget.HEADER)));
            List<CopyVersion> listed = new DirectoryCopyTarget(copies).versions(10);
            for (int i = 1; i < listed.size(); i++) {
                assertEquals(listed.get(i - 1).generation() - 1, listed.get(i).generation(), "newest first, one each");
            }
        }
        if (AtomicFiles.posix()) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copies)));
            for (Path p : copyFiles(copies)) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            }
        }
        // the copy holds nothing usable without the password
        Path elsewhere = tmp.resolve("elsewhere");
        assertThrows(WrongPasswordException.class, () -> StoreRestore.restore(elsewhere,
                options("wrong horse battery", List.of(), 0), new DirectoryCopyTarget(copies), null, null, false));
        assertFalse(Files.exists(elsewhere.resolve(StoreFile.NAME)), "nothing written for a wrong password");
    }

    @Test
    void aRequiredCopyThatFailsFailsTheChangeAndLeavesTheStoreAsItWas() throws Exception {
        Path store = tmp.resolve("store");
        Path copies = tmp.resolve("copies");
        try (LocalKms kms = LocalKms.open(store, options(PASSWORD, List.of(new DirectoryCopyTarget(copies)), 1))) {
            String keyId = kms.createKey(CreateKeyRequest.symmetric("")).keyId();
            byte[] before = Files.readAllBytes(store.resolve(StoreFile.NAME));
            // the copy disk goes away: its place is now a plain file, no directory can be made there
            for (Path p : copyFiles(copies)) {
                Files.delete(p);
            }
            Files.delete(copies.resolve(DirectoryCopyTarget.HEADER));
            Files.delete(copies);
            Files.writeString(copies, "not a directory");

            var failure = Stores.assertKmsError(KmsErrorCode.INTERNAL, () -> kms.disableKey(keyId));
            assertTrue(failure.getMessage().contains("0 of the 1 required copies"), failure.getMessage());
            assertArrayEquals(before, Files.readAllBytes(store.resolve(StoreFile.NAME)), "nothing applied locally");
            assertEquals(KeyState.ENABLED, kms.describeKey(keyId).keyState());
            Stores.assertKmsError(KmsErrorCode.INTERNAL, () -> kms.createKey(CreateKeyRequest.symmetric("")));
            assertEquals(1, kms.listKeys(100, null).items().size());
            // calls that change nothing go on
            byte[] blob = kms.encrypt(keyId, "y".getBytes(StandardCharsets.UTF_8), Map.of(), null).ciphertextBlob();
            assertArrayEquals("y".getBytes(StandardCharsets.UTF_8), kms.decrypt(blob, keyId, Map.of(), null)
                    .plaintext());
            assertTrue(audit(store).contains("\"errorCode\":\"KMSInternalException\""));
        }
    }

    @Test
    void bestEffortCopiesNeverFailAChangeAndTheirFailuresAreAudited() throws Exception {
        Path store = tmp.resolve("store");
        Path notADirectory = Files.writeString(tmp.resolve("copies"), "x");
        Path good = tmp.resolve("good");
        List<CopyTarget> targets = List.of(new DirectoryCopyTarget(notADirectory), new DirectoryCopyTarget(good));
        try (LocalKms kms = LocalKms.open(store, options(PASSWORD, targets, 1))) {
            kms.createKey(CreateKeyRequest.symmetric(""));
        }
        assertEquals(2, copyFiles(good).size(), "the target that works has every version");
        String audit = audit(store);
        assertTrue(audit.contains("EnvelopeStoreCopyFailed"), audit);
        assertTrue(AuditLog.verify(store.resolve(AuditLog.DEFAULT_NAME)).ok());
    }

    @Test
    void aCopyDirectoryOfAnotherStoreIsNotOverwritten() throws Exception {
        Path copies = tmp.resolve("copies");
        List<CopyTarget> targets = List.of(new DirectoryCopyTarget(copies));
        try (LocalKms kms = LocalKms.open(tmp.resolve("one"), options(PASSWORD, targets, 1))) {
            kms.createKey(CreateKeyRequest.symmetric(""));
        }
        List<Path> before = copyFiles(copies);
        assertThrows(CopyFailedException.class, () -> LocalKms.open(tmp.resolve("two"), options(PASSWORD, targets,
                1)));
        assertEquals(before, copyFiles(copies));
    }

    @Test
    void copiesRequiredAboveTheTargetsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> options(PASSWORD, List.of(), 1));
        assertThrows(IllegalArgumentException.class, () -> Stores.fast().copiesRequired(-1));
    }
}
