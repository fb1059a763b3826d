package org.envelopejca.message;

/** Body layout of a message. Spec: data-format/message-header.md (content type). */
public enum ContentType {
    NON_FRAMED(1), FRAMED(2);

    private final int code;

    ContentType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
