package org.envelopejca.benchmarks;

import java.security.GeneralSecurityException;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Threads;

/**
 * The single-thread reference for {@link TwoThreads}: the same Envelope shapes, run in the same invocation so that
 * the two-thread figure has a one-thread figure of the same JVM and machine load to be divided by.
 */
@Threads(1)
public class OneThread extends MessageBenchmark {
    @Param({"1048576", "1024"})
    public int messageSize;

    @Param({"65536"})
    public int frameLength;

    /** Envelope's algorithm suite. */
    @Param({"0x0478"})
    public String suite;

    /** envelope: init(mode, key, spec), the JVM-wide SecureRandom; envelope-own-random: one per thread. */
    @Param({"envelope", "envelope-own-random"})
    public String variant;

    @Setup
    public void setUp() throws GeneralSecurityException {
        prepare(variant, messageSize, frameLength, suite);
    }
}
