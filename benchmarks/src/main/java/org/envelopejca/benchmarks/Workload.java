package org.envelopejca.benchmarks;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** One message shape, ready to be encrypted and decrypted over and over: one operation is one whole message. */
interface Workload {
    /** Encrypts the plaintext into a buffer allocated once; returns the message length. */
    int encrypt() throws GeneralSecurityException;

    /** Decrypts a message prepared at setup into a buffer allocated once; returns the plaintext length. */
    int decrypt() throws GeneralSecurityException;

    /**
     * {@code variant} "raw" is the framed JDK AES/GCM baseline, "envelope" the provider with an {@code init} per
     * message, "envelope-reused" the provider with one {@code init} and a {@code doFinal} per message,
     * "envelope-own-random" as "envelope" but with a SecureRandom of its own (a DRBG) in {@code init}, "esdk" the
     * AWS Encryption SDK for Java with the same suite, frame length and wrapping key; "raw-accp" the raw baseline
     * with ACCP's AES/GCM (by provider instance), "esdk-accp" the ESDK with ACCP installed JVM-wide (its best
     * configuration: only in a JVM of its own, which a JMH fork is), "envelope-jdk" Envelope with
     * {@code envelope.crypto=jdk} (only in a JVM of its own too; "envelope" takes the default, ACCP when present);
     * "floor" only the cryptography the format requires of a one-frame 0x0478 message ({@link FloorWorkload}).
     */
    static Workload of(String variant, int messageSize, int frameLength, String suite)
            throws GeneralSecurityException {
        return switch (variant) {
            case "raw" -> new RawWorkload(messageSize, frameLength);
            case "envelope" -> new EnvelopeWorkload(messageSize, frameLength, Integer.decode(suite), true, null);
            case "envelope-reused" ->
                    new EnvelopeWorkload(messageSize, frameLength, Integer.decode(suite), false, null);
            case "envelope-own-random" -> new EnvelopeWorkload(messageSize, frameLength, Integer.decode(suite), true,
                    SecureRandom.getInstance("DRBG"));
            case "esdk" -> new EsdkWorkload(messageSize, frameLength, Integer.decode(suite));
            case "raw-accp" -> new RawWorkload(messageSize, frameLength, Accp.provider());
            case "esdk-accp" -> {
                Accp.installJvmWide();
                yield new EsdkWorkload(messageSize, frameLength, Integer.decode(suite));
            }
            case "floor" -> new FloorWorkload(messageSize, frameLength, suite);
            case "envelope-jdk" -> {
                Accp.useJdkBackend();
                yield new EnvelopeWorkload(messageSize, frameLength, Integer.decode(suite), true, null);
            }
            default -> throw new IllegalArgumentException(
                    "variant must be raw, raw-accp, envelope, envelope-jdk, envelope-reused, envelope-own-random, esdk or "
                            + "esdk-accp: " + variant);
        };
    }
}
