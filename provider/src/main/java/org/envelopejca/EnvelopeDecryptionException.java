package org.envelopejca;

import java.security.ProviderException;
import org.envelopejca.kms.UntrustedText;

/**
 * Thrown from {@code Cipher.update} (which cannot throw checked exceptions) when a message fails to authenticate
 * or is malformed. The cause is the {@link javax.crypto.AEADBadTagException} or {@link MalformedMessageException}
 * that {@code doFinal} would have thrown.
 */
public class EnvelopeDecryptionException extends ProviderException {
    private static final long serialVersionUID = 1L;

    public EnvelopeDecryptionException(Exception cause) {
        super(UntrustedText.escapeControls(cause.getMessage()), cause);
    }
}
