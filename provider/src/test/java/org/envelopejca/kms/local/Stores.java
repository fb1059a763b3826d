package org.envelopejca.kms.local;

import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Path;
import java.time.Clock;

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

    static KmsException assertKmsError(KmsErrorCode expected, Executable call) {
        KmsException e = assertThrows(KmsException.class, call);
        assertEquals(expected, e.code(), () -> "wrong error kind: " + e.getMessage());
        return e;
    }
}
