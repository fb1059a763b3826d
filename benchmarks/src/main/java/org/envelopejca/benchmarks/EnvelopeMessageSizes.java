package org.envelopejca.benchmarks;

import java.security.GeneralSecurityException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Envelope with a raw AES-256 key over the {@link MessageSizes} parameters. */
@State(Scope.Thread)
public class EnvelopeMessageSizes extends MessageSizes {
    /** Algorithm suite ID; another can be chosen with {@code -p suite=0x0578}. */
    @Param({"0x0478"})
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
