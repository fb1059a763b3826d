package org.envelopejca.vectors;

import java.util.Arrays;
import java.util.function.BiFunction;

/** Ways the generator damages a valid message to make a negative vector; each names the check it defeats. */
public enum VectorDamage {
    /** One bit of the first frame's encrypted content: the frame's GCM tag no longer verifies. */
    FLIP_BODY_BYTE((m, l) -> flip(m, l.frames().get(0).contentOffset())),
    /** One bit of the last stored context value: the header tag no longer verifies. */
    FLIP_CONTEXT_BYTE((m, l) -> flip(m, l.contextOffset() + l.contextLength() - 1)),
    /** One bit of the stored commit key (v2 header suite data): key commitment fails. */
    FLIP_COMMIT_KEY((m, l) -> flip(m, l.commitKeyOffset())),
    /** One bit of the header authentication tag. */
    FLIP_HEADER_TAG((m, l) -> flip(m, l.headerTagOffset())),
    /** One bit of the only encrypted data key: no data key can be unwrapped. */
    FLIP_EDK_BYTE((m, l) -> flip(m, l.firstEdkCiphertext())),
    /** The last bit of the footer's signature: signature verification fails. */
    FLIP_SIGNATURE_BYTE((m, l) -> flip(m, m.length - 1)),
    /** Ends the message after its last regular frame: the mandatory final frame is missing. */
    DROP_FINAL_FRAME((m, l) -> Arrays.copyOf(m, l.frames().get(l.frames().size() - 1).start())),
    /** Ends the message inside its second frame. */
    TRUNCATE_IN_FRAME((m, l) -> Arrays.copyOf(m, l.frames().get(1).start() + 20)),
    /** Ends the message before its footer: the signature is missing. */
    DROP_FOOTER((m, l) -> Arrays.copyOf(m, l.footerOffset())),
    /** Swaps the first two (regular, equal-length) frames: sequence numbers and frame AAD no longer match. */
    SWAP_FRAMES((m, l) -> swapFirstFrames(m, l)),
    /** No damage: the test withholds the message's required context instead (see the generator). */
    WITHHOLD_REQUIRED_CONTEXT((m, l) -> m),
    /** Version byte 0x03, which no format defines. */
    UNKNOWN_VERSION((m, l) -> set(m, 0, 0x03)),
    /** Suite ID 0x0479, which no suite has. */
    UNKNOWN_SUITE((m, l) -> set(m, l.suiteOffset() + 1, 0x79));

    private final BiFunction<byte[], MessageLayout, byte[]> damage;

    VectorDamage(BiFunction<byte[], MessageLayout, byte[]> damage) {
        this.damage = damage;
    }

    /** A damaged copy of the message. */
    public byte[] apply(byte[] message) {
        return damage.apply(message.clone(), MessageLayout.parse(message));
    }

    private static byte[] flip(byte[] m, int offset) {
        m[offset] ^= 0x01;
        return m;
    }

    private static byte[] set(byte[] m, int offset, int value) {
        m[offset] = (byte) value;
        return m;
    }

    private static byte[] swapFirstFrames(byte[] m, MessageLayout l) {
        MessageLayout.Frame a = l.frames().get(0);
        MessageLayout.Frame b = l.frames().get(1);
        if (a.isFinal() || b.isFinal() || a.end() != b.start()) {
            throw new IllegalArgumentException("needs two regular frames");
        }
        byte[] out = m.clone();
        int lenA = a.end() - a.start();
        System.arraycopy(m, b.start(), out, a.start(), b.end() - b.start());
        System.arraycopy(m, a.start(), out, a.start() + (b.end() - b.start()), lenA);
        return out;
    }
}
