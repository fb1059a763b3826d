package org.envelopejca.kms.local;

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
            Stores.assertAuditSynced(kms);
            kms.createAlias("alias/batched", keyId);
            Stores.assertAuditSynced(kms);
            kms.disableKey(keyId);
            Stores.assertAuditSynced(kms);
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
            AuditLog.Progress afterCalls = kms.auditLog().progress();
            assertEquals(51, afterCalls.written());
            if (elapsed < AuditLog.BATCH_INTERVAL.toNanos()) {
                // no batch was due yet: the calls did not wait for the disk
                assertEquals(syncsBefore, kms.auditLog().syncs(), "a data-key call waited for a disk sync");
                assertEquals(1, afterCalls.synced());
            }
            Stores.awaitAuditSynced(kms, PATIENCE);
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
        boolean pending = log.progress().synced() < 2;
        kms.close();
        if (pending) {
            assertEquals(syncsBefore + 1, log.syncs(), "close did not sync the pending line");
        }
        assertEquals(new AuditLog.Progress(0, 0), log.progress(), "the file is still open");
    }

    @Test
    void everyCallReturnsOnlyOnceItsLineIsOnDisk() throws Exception {
        try (LocalKms kms = open(AuditSync.EVERY_CALL)) {
            String keyId = kms.createKey(CreateKeyRequest.symmetric("")).keyId();
            for (int i = 0; i < 5; i++) {
                long syncs = kms.auditLog().syncs();
                kms.generateDataKey(keyId, 32, Map.of()).destroy();
                Stores.assertAuditSynced(kms);
                assertTrue(kms.auditLog().syncs() > syncs);
            }
            assertThrows(Exception.class, () -> kms.describeKey("alias/missing"));
            Stores.assertAuditSynced(kms);
        }
    }

    @Test
    void operatingSystemModeNeverSyncs() throws Exception {
        try (LocalKms kms = open(AuditSync.OPERATING_SYSTEM)) {
            String keyId = kms.createKey(CreateKeyRequest.symmetric("")).keyId();
            kms.generateDataKey(keyId, 32, Map.of()).destroy();
            Thread.sleep(3 * AuditLog.BATCH_INTERVAL.toMillis());
            assertEquals(0, kms.auditLog().syncs());
            assertEquals(2, kms.auditLog().progress().written());
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

}
