package org.envelopejca;

import javax.crypto.BadPaddingException;
import org.envelopejca.kms.UntrustedText;

/**
 * The input is not a well-formed message: bad version, unknown suite, a length past the end or over a limit, too
 * many encrypted data keys. The message says what is wrong; it never contains key material or plaintext.
 */
public class MalformedMessageException extends BadPaddingException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(UntrustedText.escapeControls(message));
    }
}
