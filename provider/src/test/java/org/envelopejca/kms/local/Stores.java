package org.envelopejca.kms.local;

import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Test helpers: fast stores (root-key file, audit not forced to disk) and error-kind assertions. */
final class Stores {
    /** Cheap Argon2id costs for tests of the password path; never for real stores. */
    static final Argon2Settings FAST_ARGON2 = new Argon2Settings(1024, 1, 1);

    private Stores() {
    }

    static LocalKmsOptions.Builder fast() {
        return LocalKmsOptions.builder().auditSync(AuditSync.OPERATING_SYSTEM);
    }

    static LocalKms open(Path dir) throws Exception {
        return LocalKms.open(dir, fast().build());
    }

    static LocalKms open(Path dir, Clock clock) throws Exception {
        return LocalKms.open(dir, fast().clock(clock).build());
    }

    /** Every audit line written to the open file is on disk now. */
    static void assertAuditSynced(LocalKms kms) {
        AuditLog.Progress p = kms.auditLog().progress();
        assertEquals(p.written(), p.synced(), "audit lines written but not yet on disk");
    }

    /** Waits until every audit line written to the open file is on disk; fails after {@code patience}. */
    static void awaitAuditSynced(LocalKms kms, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        AuditLog.Progress p = kms.auditLog().progress();
        while (p.synced() < p.written() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            p = kms.auditLog().progress();
        }
        assertEquals(p.written(), p.synced(), "audit lines still not on disk after " + patience);
    }

    static KmsException assertKmsError(KmsErrorCode expected, Executable call) {
        KmsException e = assertThrows(KmsException.class, call);
        assertEquals(expected, e.code(), () -> "wrong error kind: " + e.getMessage());
        return e;
    }
}
