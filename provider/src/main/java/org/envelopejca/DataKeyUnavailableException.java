package org.envelopejca;

import java.util.List;
import javax.crypto.AEADBadTagException;
import org.envelopejca.kms.UntrustedText;

/**
 * No encrypted data key of the message could be unwrapped with the keys given. Names the keys tried and the keys
 * the message offers (namespaces and names only), never key material.
 */
public class DataKeyUnavailableException extends AEADBadTagException {
    private static final long serialVersionUID = 1L;

    private final List<String> keysTried;

    public DataKeyUnavailableException(String message, List<String> keysTried) {
        super(UntrustedText.escapeControls(message));
        this.keysTried = List.copyOf(keysTried);
    }

    /** Descriptions ({@code namespace/name}) of the wrapping keys that were tried. */
    public List<String> keysTried() {
        return keysTried;
    }
}
