package org.envelopejca.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.envelopejca.kms.local.AuditSync;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every KMS-keyed variant sets up (its setup checks a round trip) and runs one message each way, so that a change
 * elsewhere that breaks a benchmark fails the build rather than the next benchmark run.
 */
class KmsSideTest {
    private static final int MESSAGE_SIZE = 1024;

    @ParameterizedTest
    @ValueSource(strings = {"envelope-cache", "envelope-nocache", "envelope-endpoint-cache",
            "envelope-endpoint-nocache", "esdk-cache", "esdk-nocache", "esdk-endpoint-cache", "esdk-endpoint-nocache",
            "tink"})
    void variantRunsOneMessageEachWay(String variant) throws Exception {
        try (KmsSide side = KmsSide.open(variant, AuditSync.OPERATING_SYSTEM)) {
            Workload workload = side.workload(MESSAGE_SIZE, 65536, 0x0478);
            int sealed = workload.encrypt();

            assertEquals(MESSAGE_SIZE, workload.decrypt());
            assertEquals(true, sealed > MESSAGE_SIZE, "a message is longer than its plaintext");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"envelope", "esdk-cached", "tink-nocache"})
    void unknownVariantsAreRefused(String variant) {
        assertThrows(IllegalArgumentException.class, () -> KmsSide.open(variant, AuditSync.OPERATING_SYSTEM));
    }
}
