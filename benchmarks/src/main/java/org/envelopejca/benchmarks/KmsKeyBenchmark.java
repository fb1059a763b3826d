package org.envelopejca.benchmarks;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import org.envelopejca.kms.local.AuditSync;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Messages per second of a KMS-keyed variant (see {@link KmsSide}). Unlike {@link MessageBenchmark} the state is
 * shared by the benchmark's threads, as an application shares its KMS, KeyStore and cache: the threads contend for
 * them as they would there. Each thread still has its own workload (Cipher, buffers, message), picked by its thread
 * index. Subclasses declare the parameters; {@code variant}, the alphabetically last, varies fastest, so Envelope
 * and the libraries it is compared with run back to back.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 4, time = 4)
@Measurement(iterations = 5, time = 3)
public abstract class KmsKeyBenchmark {
    private KmsSide side;
    private Workload[] workloads;

    /** {@code kmsAudit}: how the embedded KMS syncs its audit log, an {@link AuditSync} configuration name. */
    protected final void prepare(String variant, int messageSize, int frameLength, String suite, String kmsAudit,
                                 int threads) throws IOException, GeneralSecurityException {
        side = KmsSide.open(variant, AuditSync.ofConfigName(kmsAudit));
        workloads = new Workload[threads];
        for (int t = 0; t < threads; t++) {
            workloads[t] = side.workload(messageSize, frameLength, Integer.decode(suite));
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        if (side != null) {
            side.close();
        }
    }

    @Benchmark
    public int encrypt(ThreadParams thread) throws GeneralSecurityException {
        return workloads[thread.getThreadIndex()].encrypt();
    }

    @Benchmark
    public int decrypt(ThreadParams thread) throws GeneralSecurityException {
        return workloads[thread.getThreadIndex()].decrypt();
    }
}
