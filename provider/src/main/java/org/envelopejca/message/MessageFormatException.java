package org.envelopejca.message;

/** The bytes are not a well-formed message, or exceed a configured limit. */
public final class MessageFormatException extends MessageException {
    private static final long serialVersionUID = 1L;

    public MessageFormatException(String message) {
        super(message);
    }
}
