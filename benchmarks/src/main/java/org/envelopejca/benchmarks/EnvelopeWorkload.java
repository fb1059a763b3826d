package org.envelopejca.benchmarks;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.SecureRandom;
import java.util.Map;
import javax.crypto.Cipher;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;

/**
 * One message shape for Envelope through the public JCA API, with a raw AES-256 wrapping key or a KMS key from
 * the provider's KeyStore. With
 * {@code initPerMessage} every message is a full {@code init} and {@code doFinal}; without, one Cipher per
 * direction is initialised once and {@code doFinal} alone starts each next message, as the JCA contract allows.
 * Either way the per-message work (data key, key derivation, header, wrapped data key, signature) counts, as it
 * does for an application. Output goes into a buffer allocated once, as in the raw baseline, so that the
 * comparison measures the provider and not the caller's allocation.
 *
 * <p>{@code random} null: {@code init} without a SecureRandom, so the JCA hands the provider its one JVM-wide
 * instance, shared by every thread; otherwise this workload's own instance (one per JMH thread), to show what that
 * sharing costs when several threads encrypt at once.
 */
final class EnvelopeWorkload implements Workload {
    private final boolean initPerMessage;
    private final Cipher encryptor;
    private final Cipher decryptor;
    private final Key key;
    private final EnvelopeParameterSpec spec;
    private final byte[] plaintext;
    private final byte[] sealed;
    private final byte[] message;
    private final int messageLength;
    private final byte[] opened;
    private final SecureRandom random;

    EnvelopeWorkload(int messageSize, int frameLength, int suiteId, boolean initPerMessage, SecureRandom random)
            throws GeneralSecurityException {
        this(Inputs.aes256Key(), messageSize, frameLength, suiteId, initPerMessage, random);
    }

    EnvelopeWorkload(Key key, int messageSize, int frameLength, int suiteId, boolean initPerMessage,
                     SecureRandom random) throws GeneralSecurityException {
        this.initPerMessage = initPerMessage;
        this.random = random;
        EnvelopeProvider provider = new EnvelopeProvider();
        this.encryptor = Cipher.getInstance("Envelope/AES-GCM/NoPadding", provider);
        this.decryptor = Cipher.getInstance("Envelope/AES-GCM/NoPadding", provider);
        this.key = key;
        this.spec = EnvelopeParameterSpec.builder()
                .encryptionContext(Map.of("purpose", "benchmark"))
                .algorithmSuite(suiteId)
                .frameLength(frameLength)
                .build();
        this.plaintext = Inputs.plaintext(messageSize);
        initEncryptor();
        this.sealed = new byte[encryptor.getOutputSize(messageSize)];
        // decrypt always reads the same message; encrypt writes a fresh one per operation into a scratch buffer
        this.message = encryptor.doFinal(plaintext);
        this.messageLength = message.length;
        initDecryptor();
        this.opened = new byte[Math.max(messageSize, decryptor.getOutputSize(messageLength))];
        Inputs.checkRoundTrip(plaintext, opened, decryptor.doFinal(message, 0, messageLength, opened, 0));
    }

    @Override
    public int encrypt() throws GeneralSecurityException {
        if (initPerMessage) {
            initEncryptor();
        }
        return encryptor.doFinal(plaintext, 0, plaintext.length, sealed, 0);
    }

    @Override
    public int decrypt() throws GeneralSecurityException {
        if (initPerMessage) {
            initDecryptor();
        }
        return decryptor.doFinal(message, 0, messageLength, opened, 0);
    }

    private void initEncryptor() throws GeneralSecurityException {
        if (random == null) {
            encryptor.init(Cipher.ENCRYPT_MODE, key, spec);
        } else {
            encryptor.init(Cipher.ENCRYPT_MODE, key, spec, random);
        }
    }

    private void initDecryptor() throws GeneralSecurityException {
        if (random == null) {
            decryptor.init(Cipher.DECRYPT_MODE, key, spec);
        } else {
            decryptor.init(Cipher.DECRYPT_MODE, key, spec, random);
        }
    }
}
