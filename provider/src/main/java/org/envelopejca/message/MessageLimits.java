package org.envelopejca.message;

/** Bounds this implementation puts on messages, written or read. */
public final class MessageLimits {
    /** Largest frame length written or read: a decryptor holds one frame before it releases it. */
    public static final int MAX_FRAME_LENGTH = 1 << 30;
    /** Largest non-framed body read, for the same reason (the spec allows 2^36 - 32; such a body is one block). */
    public static final long MAX_NON_FRAMED_LENGTH = MAX_FRAME_LENGTH;
    /** Spec: data-format/message-body.md: the non-framed content length limit. */
    static final long SPEC_MAX_NON_FRAMED_LENGTH = (1L << 36) - 32;
    /** Frame sequence numbers are u32, and 0xFFFFFFFF marks the final frame. */
    static final long MAX_FRAMES = 0xFFFFFFFFL - 1;

    private MessageLimits() {
    }
}
