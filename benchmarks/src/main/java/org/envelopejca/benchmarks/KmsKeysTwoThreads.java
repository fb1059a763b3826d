package org.envelopejca.benchmarks;

import java.io.IOException;
import java.security.GeneralSecurityException;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * {@link KmsKeys} on two threads sharing one KMS, one key handle and one data-key cache, each with its own Cipher:
 * divided by the one-thread figure of the same variant, it shows whether the cache (or anything else shared) is a
 * lock on the hot path. 1 KiB messages with a warm cache, where the shared part weighs most.
 */
@Threads(2)
public class KmsKeysTwoThreads extends KmsKeyBenchmark {
    @Param({"1024"})
    public int messageSize;

    @Param({"65536"})
    public int frameLength;

    @Param({"0x0478"})
    public String suite;

    @Param({"batched"})
    public String kmsAudit;

    @Param({"envelope-cache", "esdk-cache"})
    public String variant;

    @Setup
    public void setUp(BenchmarkParams params) throws IOException, GeneralSecurityException {
        prepare(variant, messageSize, frameLength, suite, kmsAudit, params.getThreads());
    }
}
