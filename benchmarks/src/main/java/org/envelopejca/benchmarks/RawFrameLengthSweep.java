package org.envelopejca.benchmarks;

import java.security.GeneralSecurityException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The raw JDK AES/GCM baseline over the {@link FrameLengthSweep} parameters. */
@State(Scope.Thread)
public class RawFrameLengthSweep extends FrameLengthSweep {
    private RawWorkload workload;

    @Setup
    public void setUp() throws GeneralSecurityException {
        workload = new RawWorkload(messageSize, frameLength);
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
