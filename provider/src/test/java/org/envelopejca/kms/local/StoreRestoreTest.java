package org.envelopejca.kms.local;

import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeyState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.envelopejca.kms.local.StoreCopiesTest.PASSWORD;
import static org.envelopejca.kms.local.StoreCopiesTest.copyFiles;
import static org.envelopejca.kms.local.StoreCopiesTest.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** keys restore: newest, older (refused, then allowed), tampered and foreign copies, the audit record. */
class StoreRestoreTest {
    @TempDir
    Path tmp;
    Path store;
    Path copies;
    DirectoryCopyTarget target;
    String keyId;
    byte[] blob;
    /** The generation at which the key was still enabled. */
    long enabledGeneration;

    @BeforeEach
    void storeWithCopies() throws Exception {
        store = tmp.resolve("store");
        copies = tmp.resolve("copies");
        target = new DirectoryCopyTarget(copies);
        try (LocalKms kms = LocalKms.open(store, options(PASSWORD, List.of(target), 1))) {
            keyId = kms.createKey(CreateKeyRequest.symmetric("restored")).keyId();
            blob = kms.encrypt(keyId, "data".getBytes(StandardCharsets.UTF_8), Map.of(), null).ciphertextBlob();
            enabledGeneration = target.versions(1).get(0).generation();
            kms.disableKey(keyId);
        }
    }

    private LocalKmsOptions plain() {
        return options(PASSWORD, List.of(), 0);
    }

    private void deleteStore() throws Exception {
        try (var s = Files.list(store)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(store);
    }

    @Test
    void theNewestCopyBringsALostStoreBackAndTheAuditChainRecordsIt() throws Exception {
        long newest = target.versions(1).get(0).generation();
        deleteStore();
        StoreRestore.Result r = StoreRestore.restore(store, plain(), target, null, null, false);
        assertEquals(newest, r.copyGeneration());
        assertEquals(newest, r.storeGeneration());
        assertArrayEquals(Files.readAllBytes(copyFiles(copies).get(copyFiles(copies).size() - 1)),
                Files.readAllBytes(store.resolve(StoreFile.NAME)), "the copy's bytes, as they were");
        try (LocalKms kms = LocalKms.open(store, plain())) {
            assertEquals(KeyState.DISABLED, kms.describeKey(keyId).keyState());
            kms.enableKey(keyId);
            assertArrayEquals("data".getBytes(StandardCharsets.UTF_8), kms.decrypt(blob, keyId, Map.of(), null)
                    .plaintext());
        }
        String audit = Files.readString(store.resolve(AuditLog.DEFAULT_NAME));
        assertTrue(audit.contains("\"eventName\":\"EnvelopeStoreRestored\""), audit);
        assertTrue(audit.contains("\"source\":\"" + copies + "\""), audit);
        assertTrue(audit.contains("\"version\":\"" + newest + "\""), audit);
        assertTrue(AuditLog.verify(store.resolve(AuditLog.DEFAULT_NAME),
                AuditKey.forStore(store, PASSWORD.toCharArray())).ok());
    }

    @Test
    void anOlderCopyIsRefusedThenRestoredOnlyWhenAllowed() throws Exception {
        byte[] before = Files.readAllBytes(store.resolve(StoreFile.NAME));
        StoreRollbackException refused = assertThrows(StoreRollbackException.class, () -> StoreRestore.restore(store,
                plain(), target, null, enabledGeneration, false));
        assertTrue(refused.getMessage().contains("--allow-older"), refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(store.resolve(StoreFile.NAME)), "nothing written");

        // on a fresh disk too: the copies' own newest version is known
        deleteStore();
        assertThrows(StoreRollbackException.class, () -> StoreRestore.restore(store, plain(), target,
                Long.toString(enabledGeneration), null, false));
        assertFalse(Files.exists(store.resolve(StoreFile.NAME)));

        StoreRestore.Result r = StoreRestore.restore(store, plain(), target, null, enabledGeneration, true);
        assertEquals(enabledGeneration, r.copyGeneration());
        assertTrue(r.storeGeneration() > r.newestKnown(), "moved past the newest known generation");
        List<Path> copiesBefore = copyFiles(copies);
        try (LocalKms kms = LocalKms.open(store, options(PASSWORD, List.of(target), 1))) {
            assertEquals(KeyState.ENABLED, kms.describeKey(keyId).keyState(), "the older state is back");
            kms.disableKey(keyId);
        }
        List<Path> copiesAfter = copyFiles(copies);
        assertEquals(copiesBefore.size() + 1, copiesAfter.size(), "the next change is a new version, none replaced");
        assertTrue(copiesAfter.containsAll(copiesBefore));
        assertTrue(Files.readString(store.resolve(AuditLog.DEFAULT_NAME)).contains("\"allowOlder\":true"));
    }

    @Test
    void aTamperedCopyIsRefused() throws Exception {
        byte[] before = Files.readAllBytes(store.resolve(StoreFile.NAME));
        List<Path> versions = copyFiles(copies);
        Path newest = versions.get(versions.size() - 1);
        String text = Files.readString(newest);
        Files.writeString(newest, text.replace("\"DISABLED\"", "\"ENABLED\""));
        assertTrue(!text.equals(Files.readString(newest)), "the test changed the copy");
        StoreIntegrityException e = assertThrows(StoreIntegrityException.class,
                () -> StoreRestore.restore(store, plain(), target, null, null, false));
        assertTrue(e.getMessage().contains("MAC mismatch"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(store.resolve(StoreFile.NAME)));
    }

    @Test
    void aCopyRenamedToAnotherGenerationIsRefused() throws Exception {
        List<Path> versions = copyFiles(copies);
        Path older = versions.get(0);
        Files.copy(older, copies.resolve(DirectoryCopyTarget.fileName(99)));
        StoreIntegrityException e = assertThrows(StoreIntegrityException.class,
                () -> StoreRestore.restore(store, plain(), target, null, null, false));
        assertTrue(e.getMessage().contains("named generation 99"), e.getMessage());
    }

    @Test
    void aCopyOfAnotherStoreIsRefused() throws Exception {
        Path otherCopies = tmp.resolve("other-copies");
        try (LocalKms other = LocalKms.open(tmp.resolve("other"), options(PASSWORD,
                List.of(new DirectoryCopyTarget(otherCopies)), 1))) {
            for (int i = 0; i < 5; i++) {
                other.createKey(CreateKeyRequest.symmetric(""));
            }
        }
        byte[] before = Files.readAllBytes(store.resolve(StoreFile.NAME));
        StoreIntegrityException e = assertThrows(StoreIntegrityException.class, () -> StoreRestore.restore(store,
                plain(), new DirectoryCopyTarget(otherCopies), null, null, false));
        assertTrue(e.getMessage().contains("another store"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(store.resolve(StoreFile.NAME)));
    }
}
