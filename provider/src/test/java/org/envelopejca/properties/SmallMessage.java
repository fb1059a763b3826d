package org.envelopejca.properties;

import java.security.GeneralSecurityException;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.message.AlgorithmSuite;

/**
 * A message with a few frames, small enough to tamper with at every position: two regular frames of 16 bytes and a
 * final frame of 9, under a stored context.
 *
 * @param suite     the suite it was written with
 * @param key       the AES key that wraps its data key
 * @param plaintext what it encrypts
 * @param message   the message
 * @param readSpec  the spec that decrypts it
 */
public record SmallMessage(AlgorithmSuite suite, SecretKey key, byte[] plaintext, byte[] message,
        EnvelopeParameterSpec readSpec) {

    public static final int FRAME_LENGTH = 16;
    public static final Map<String, String> CONTEXT = Map.of("purpose", "tamper test", "tenant", "42");

    public static SmallMessage of(AlgorithmSuite suite, long seed) throws GeneralSecurityException {
        SecretKey key = new SecretKeySpec(Messages.plaintext(seed, 32), "AES");
        byte[] plaintext = Messages.plaintext(seed + 1, 2 * FRAME_LENGTH + 9);
        EnvelopeParameterSpec writeSpec = Messages.writing(suite).frameLength(FRAME_LENGTH).encryptionContext(CONTEXT)
                .build();
        byte[] message = Messages.encrypt(key, writeSpec, plaintext);
        return new SmallMessage(suite, key, plaintext, message, Messages.reading(suite).encryptionContext(CONTEXT).build());
    }

    @Override
    public String toString() {
        return "SmallMessage[" + suite + ", " + message.length + " bytes]";
    }
}
