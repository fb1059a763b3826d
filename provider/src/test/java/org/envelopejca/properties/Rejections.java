package org.envelopejca.properties;

import static org.junit.jupiter.api.Assertions.fail;

import java.security.Key;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import org.envelopejca.EnvelopeDecryptionException;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.MalformedMessageException;

/** Assertions that a decryption is refused the way the provider promises (AEADBadTag or Malformed). */
public final class Rejections {

    private Rejections() {
    }

    /** Decrypting {@code message} with one {@code doFinal} must throw, and only one of the two promised exceptions. */
    public static Throwable assertDecryptionRejected(Key key, EnvelopeParameterSpec spec, byte[] message, String what) {
        Cipher cipher = Messages.newCipher();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, spec);
        } catch (Exception e) {
            throw new AssertionError("init failed before the message was seen: " + what, e);
        }
        byte[] returned;
        try {
            returned = cipher.doFinal(message);
        } catch (Throwable t) {
            assertIsRejection(t, what);
            return t;
        }
        return fail("decryption returned " + returned.length + " bytes of plaintext instead of failing: " + what);
    }

    /** {@code t} is AEADBadTagException or MalformedMessageException (possibly wrapped by update's exception). */
    public static void assertIsRejection(Throwable t, String what) {
        Throwable reason = t instanceof EnvelopeDecryptionException && t.getCause() != null ? t.getCause() : t;
        if (!(reason instanceof AEADBadTagException || reason instanceof MalformedMessageException)) {
            throw new AssertionError("expected AEADBadTagException or MalformedMessageException but got "
                    + t.getClass().getName() + ": " + what, t);
        }
    }
}
