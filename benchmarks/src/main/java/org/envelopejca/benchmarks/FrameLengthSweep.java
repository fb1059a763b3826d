package org.envelopejca.benchmarks;

import java.security.GeneralSecurityException;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** The frame-length question: 1 MiB messages at every candidate frame length, raw and Envelope. */
public class FrameLengthSweep extends MessageBenchmark {
    @Param({"1048576"})
    public int messageSize;

    @Param({"4096", "16384", "65536", "262144", "1048576"})
    public int frameLength;

    /** Envelope's algorithm suite (the raw baseline has none). */
    @Param({"0x0478"})
    public String suite;

    @Param({"raw", "envelope"})
    public String variant;

    @Setup
    public void setUp() throws GeneralSecurityException {
        prepare(variant, messageSize, frameLength, suite);
    }
}
