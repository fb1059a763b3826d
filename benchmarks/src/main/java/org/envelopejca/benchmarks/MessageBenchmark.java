package org.envelopejca.benchmarks;

import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Messages per second of one {@link Workload}; subclasses declare the parameters. Their last parameter in
 * alphabetical order, {@code variant}, is the one JMH varies fastest, so the raw baseline and Envelope of the same
 * shape run back to back and meet the same machine load.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
// Large frames reach the JDK's AES/GCM intrinsics only after a few hundred calls: keep the warmup long.
@Warmup(iterations = 4, time = 4)
@Measurement(iterations = 5, time = 3)
public abstract class MessageBenchmark {
    private Workload workload;

    protected final void prepare(String variant, int messageSize, int frameLength, String suite)
            throws GeneralSecurityException {
        workload = Workload.of(variant, messageSize, frameLength, suite);
    }

    /** For shapes {@link Workload#of} does not make. */
    protected final void prepare(Workload workload) {
        this.workload = workload;
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
