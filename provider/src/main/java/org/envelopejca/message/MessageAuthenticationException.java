package org.envelopejca.message;

/** A tag, the key commitment or the signature did not verify, the context differs, or the message is cut short. */
public final class MessageAuthenticationException extends MessageException {
    private static final long serialVersionUID = 1L;

    public MessageAuthenticationException(String message) {
        super(message);
    }
}
