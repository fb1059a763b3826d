package org.envelopejca.benchmarks;

import java.security.GeneralSecurityException;

/** One message shape for the raw baseline: the plaintext, its framed body, and buffers allocated once. */
final class RawWorkload implements Workload {
    private final RawGcmFraming framing;
    private final byte[] plaintext;
    private final byte[] body;
    private final int bodyLength;
    private final byte[] opened;

    RawWorkload(int messageSize, int frameLength) throws GeneralSecurityException {
        this(messageSize, frameLength, null);
    }

    /** With {@code provider}'s AES/GCM; null: SunJCE. */
    RawWorkload(int messageSize, int frameLength, java.security.Provider provider) throws GeneralSecurityException {
        this.framing = new RawGcmFraming(Inputs.aes256Key(), frameLength, Inputs.bytes(32, 3), provider);
        this.plaintext = Inputs.plaintext(messageSize);
        this.body = new byte[RawGcmFraming.bodyLength(messageSize, frameLength)];
        this.bodyLength = framing.encrypt(plaintext, body);
        this.opened = new byte[messageSize];
        Inputs.checkRoundTrip(plaintext, opened, framing.decrypt(body, bodyLength, opened));
    }

    @Override
    public int encrypt() throws GeneralSecurityException {
        return framing.encrypt(plaintext, body);
    }

    @Override
    public int decrypt() throws GeneralSecurityException {
        return framing.decrypt(body, bodyLength, opened);
    }
}
