package org.envelopejca.kms.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.envelopejca.kms.CreateKeyRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When audit lines reach the disk, per {@link AuditSync} mode: what a call waits for before it returns, and that the
 * lines a call does not wait for are synced by the batch within its interval, and at close.
 */
class AuditSyncTest {
    /** Far above the batch interval: how long a test waits for a batch sync before it fails. */
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private LocalKms open(AuditSync mode) throws Exception {
        return LocalKms.open(dir, Stores.fast().auditSync(mode).build());
    }

    @Test
    void batchedStoreChangesAreOnDiskWhenTheCallReturns() throws Exception {
        try (LocalKms kms = open(AuditSync.BATCHED)) {
            String keyId = kms.createKey(CreateKeyRequest.symmetric("")).keyId();
            assertAllSynced(kms);
            kms.createAlias("alias/batched", keyId);
            assertAllSynced(kms);
            kms.disableKey(keyId);
            assertAllSynced(kms);
        }
    }

    @Test
    void batchedDataKeyCallsReturnBeforeTheirSyncWhichFollowsWithinTheInterval() throws Exception {
        try (LocalKms kms = open(AuditSync.BATCHED)) {
            String keyId = kms.createKey(CreateKeyRequest.symmetric("")).keyId();
            long syncsBefore = kms.auditLog().syncs();
            long started = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                kms.generateDataKey(keyId, 32, Map.of("i", Integer.toString(i))).destroy();
            }
            long elapsed = System.nanoTime() - started;
            long[] afterCalls = kms.auditLog().syncedAndWritten();
            assertEquals(51, afterCalls[1]);
            if (elapsed < AuditLog.BATCH_INTERVAL.toNanos()) {
                // no batch was due yet: the calls did not wait for the disk
                assertEquals(syncsBefore, kms.auditLog().syncs(), "a data-key call waited for a disk sync");
                assertEquals(1, afterCalls[0]);
            }
            awaitAllSynced(kms);
            // a batch starts at least an interval after the line that scheduled it, and clears the way for the next
            long total = System.nanoTime() - started;
            assertTrue(kms.auditLog().syncs() - syncsBefore <= 1 + total / AuditLog.BATCH_INTERVAL.toNanos(),
                    "more batch syncs than batch intervals");
        }
    }

    @Test
    void batchedLinesNotYetSyncedAreSyncedAtClose() throws Exception {
        LocalKms kms = open(AuditSync.BATCHED);
        String keyId = kms.createKey(CreateKeyRequest.symmetric("")).keyId();
        kms.describeKey(keyId);
        AuditLog log = kms.auditLog();
        long syncsBefore = log.syncs();
        boolean pending = log.syncedAndWritten()[0] < 2;
        kms.close();
        if (pending) {
            assertEquals(syncsBefore + 1, log.syncs(), "close did not sync the pending line");
        }
        assertArrayEquals(new long[2], log.syncedAndWritten(), "the file is still open");
    }

    @Test
    void everyCallReturnsOnlyOnceItsLineIsOnDisk() throws Exception {
        try (LocalKms kms = open(AuditSync.EVERY_CALL)) {
            String keyId = kms.createKey(CreateKeyRequest.symmetric("")).keyId();
            for (int i = 0; i < 5; i++) {
                long syncs = kms.auditLog().syncs();
                kms.generateDataKey(keyId, 32, Map.of()).destroy();
                assertAllSynced(kms);
                assertTrue(kms.auditLog().syncs() > syncs);
            }
            assertThrows(Exception.class, () -> kms.describeKey("alias/missing"));
            assertAllSynced(kms);
        }
    }

    @Test
    void operatingSystemModeNeverSyncs() throws Exception {
        try (LocalKms kms = open(AuditSync.OPERATING_SYSTEM)) {
            String keyId = kms.createKey(CreateKeyRequest.symmetric("")).keyId();
            kms.generateDataKey(keyId, 32, Map.of()).destroy();
            Thread.sleep(3 * AuditLog.BATCH_INTERVAL.toMillis());
            assertEquals(0, kms.auditLog().syncs());
            assertEquals(2, kms.auditLog().syncedAndWritten()[1]);
        }
    }

    @Test
    void configNamesRoundTripAndUnknownNamesAreRefused() {
        for (AuditSync mode : AuditSync.values()) {
            assertEquals(mode, AuditSync.ofConfigName(" " + mode.configName().toUpperCase() + " "));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuditSync.ofConfigName("sometimes"));
        assertTrue(e.getMessage().contains("sometimes"), e.getMessage());
    }

    private static void assertAllSynced(LocalKms kms) {
        long[] s = kms.auditLog().syncedAndWritten();
        assertEquals(s[1], s[0], "lines written but not yet on disk");
    }

    private static void awaitAllSynced(LocalKms kms) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            long[] s = kms.auditLog().syncedAndWritten();
            if (s[0] == s[1]) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("lines still not on disk after " + PATIENCE + ": " + s[0] + " of " + s[1]);
            }
            Thread.sleep(10);
        }
    }
}
