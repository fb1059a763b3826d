package org.envelopejca.benchmarks;

import java.security.GeneralSecurityException;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Threads;

/**
 * Envelope on two threads at once, each with its own Cipher ({@code Scope.Thread} state): the throughput of both
 * together divided by {@link OneThread}'s shows whether anything on the hot path is shared (a lock, a
 * SecureRandom, a cache). Ideal is 2.00 on two free cores; the CPU time per message shows the same without needing
 * free cores, as contention costs CPU (spinning, cache-line traffic) or shows up as waiting.
 */
@Threads(2)
public class TwoThreads extends MessageBenchmark {
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
