package org.envelopejca.benchmarks;

import java.io.IOException;
import java.security.GeneralSecurityException;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Envelope with a KMS key (embedded KMS, or the provider's KMS endpoint on loopback; data-key cache on or off) on
 * 64 KiB and 1 KiB messages, beside the AWS Encryption SDK's KMS keyring (with its caching materials manager and
 * without) and Tink's {@code KmsEnvelopeAead}, all over the same embedded KMS.
 */
@Threads(1)
public class KmsKeys extends KmsKeyBenchmark {
    @Param({"65536", "1024"})
    public int messageSize;

    @Param({"65536"})
    public int frameLength;

    /** Envelope's and the ESDK's algorithm suite (Tink has its own format). */
    @Param({"0x0478"})
    public String suite;

    /** The embedded KMS's audit sync: "batched" (its default) shows the libraries, "every-call" the disk. */
    @Param({"batched"})
    public String kmsAudit;

    /**
     * Envelope, then what it is compared with; the endpoint with the cache on is shown for Envelope alone, as a
     * warm cache keeps the KMS out of the way ({@code esdk-endpoint-cache} exists too).
     */
    @Param({"envelope-cache", "esdk-cache", "envelope-nocache", "esdk-nocache", "tink",
            "envelope-endpoint-cache", "envelope-endpoint-nocache", "esdk-endpoint-nocache"})
    public String variant;

    @Setup
    public void setUp(BenchmarkParams params) throws IOException, GeneralSecurityException {
        prepare(variant, messageSize, frameLength, suite, kmsAudit, params.getThreads());
    }
}
