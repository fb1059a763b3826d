package org.envelopejca.benchmarks;

import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Envelope with the signing suite 0x0578 (ECDSA P-384) on small messages, where the signature (a key pair per
 * message on encrypt, a verification on decrypt) dominates: read as messages per second. Its raw and 0x0478
 * counterparts are {@link RawMessageSizes} and {@link EnvelopeMessageSizes} at the same size and frame length.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class EnvelopeSigningSuite {
    @Param({"1024"})
    public int messageSize;

    @Param({"65536"})
    public int frameLength;

    @Param({"0x0578"})
    public String suite;

    private EnvelopeWorkload workload;

    @Setup
    public void setUp() throws GeneralSecurityException {
        workload = new EnvelopeWorkload(messageSize, frameLength, Integer.decode(suite));
    }

    @Benchmark
    public int encrypt() throws GeneralSecurityException {
        return workload.encrypt();
    }

    @Benchmark
    public int decrypt() throws GeneralSecurityException {
        return workload.decrypt();
    }
}
