package org.envelopejca.message;

import java.util.List;

/** No data key could be had: none of the keys tried unwrapped any encrypted data key, or a keyring failed. */
public final class DataKeyException extends MessageException {
    private static final long serialVersionUID = 1L;

    private final List<String> keysTried;

    public DataKeyException(String message, List<String> keysTried, Throwable cause) {
        super(message, cause);
        this.keysTried = List.copyOf(keysTried);
    }

    public List<String> keysTried() {
        return keysTried;
    }
}
