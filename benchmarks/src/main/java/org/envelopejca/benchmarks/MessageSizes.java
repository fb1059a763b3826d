package org.envelopejca.benchmarks;

import java.security.GeneralSecurityException;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The message-size question: messages from 64 MiB down to 1 KiB at the default frame length, where per-message work
 * weighs more and more; beside raw AES/GCM (the ceiling) and the AWS Encryption SDK (the baseline to beat).
 */
public class MessageSizes extends MessageBenchmark {
    @Param({"67108864", "1048576", "65536", "1024"})
    public int messageSize;

    @Param({"65536"})
    public int frameLength;

    /** Envelope's algorithm suite (the raw baseline has none). */
    @Param({"0x0478"})
    public String suite;

    /**
     * raw (SunJCE) and raw-accp; Envelope with an init per message; Envelope initialised once, a doFinal per message;
     * the ESDK as shipped and with ACCP installed JVM-wide (each variant runs in a JMH fork of its own).
     */
    @Param({"raw", "raw-accp", "envelope", "envelope-reused", "esdk", "esdk-accp"})
    public String variant;

    @Setup
    public void setUp() throws GeneralSecurityException {
        prepare(variant, messageSize, frameLength, suite);
    }
}
