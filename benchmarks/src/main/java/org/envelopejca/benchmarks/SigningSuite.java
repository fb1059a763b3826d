package org.envelopejca.benchmarks;

import java.security.GeneralSecurityException;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The signing suite 0x0578 (ECDSA P-384: a key pair and a signature per message on encrypt, a verification on
 * decrypt) on small messages, read as messages per second, beside the AWS Encryption SDK with the same suite. The
 * raw figure of the same shape is in {@link MessageSizes}.
 */
public class SigningSuite extends MessageBenchmark {
    @Param({"1024"})
    public int messageSize;

    @Param({"65536"})
    public int frameLength;

    /** Envelope's algorithm suite. */
    @Param({"0x0578"})
    public String suite;

    @Param({"envelope", "envelope-jdk", "esdk", "esdk-accp"})
    public String variant;

    @Setup
    public void setUp() throws GeneralSecurityException {
        prepare(variant, messageSize, frameLength, suite);
    }
}
