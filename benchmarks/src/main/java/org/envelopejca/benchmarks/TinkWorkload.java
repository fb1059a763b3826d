package org.envelopejca.benchmarks;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * One message shape through a Tink AEAD (a {@code KmsEnvelopeAead}: a fresh data key per message, wrapped by the
 * KMS, then one AES-GCM over the whole plaintext; Tink has no frames and no data-key cache). The associated data
 * carries what Envelope and the ESDK put in their encryption context. Like the ESDK, Tink allocates its output
 * per message.
 */
final class TinkWorkload implements Workload {
    private static final byte[] ASSOCIATED_DATA = "purpose=benchmark".getBytes(StandardCharsets.UTF_8);

    private final Aead aead;
    private final byte[] plaintext;
    private final byte[] message;

    TinkWorkload(Aead aead, int messageSize) throws GeneralSecurityException {
        this.aead = aead;
        this.plaintext = Inputs.plaintext(messageSize);
        this.message = aead.encrypt(plaintext, ASSOCIATED_DATA);
        byte[] opened = aead.decrypt(message, ASSOCIATED_DATA);
        Inputs.checkRoundTrip(plaintext, opened, opened.length);
    }

    @Override
    public int encrypt() throws GeneralSecurityException {
        return aead.encrypt(plaintext, ASSOCIATED_DATA).length;
    }

    @Override
    public int decrypt() throws GeneralSecurityException {
        return aead.decrypt(message, ASSOCIATED_DATA).length;
    }
}
