package org.envelopejca.vectors;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the parts of a framed ESDK message lie, for the generator to damage messages in exact places.
 * Spec: data-format/message-header.md, message-body.md, message-footer.md. Trusts its input (our own messages).
 *
 * @param version           message format version (1 or 2)
 * @param suiteId           the algorithm suite ID
 * @param suiteOffset       offset of the two-byte suite ID
 * @param contextOffset     offset of the serialized encryption context (after its length field)
 * @param contextLength     its length
 * @param edkCount          number of encrypted data keys
 * @param firstEdkCiphertext offset of the first encrypted data key's ciphertext
 * @param frameLength       the frame length the header declares
 * @param commitKeyOffset   offset of the 32-byte commit key (v2), or -1
 * @param headerTagOffset   offset of the 16-byte header authentication tag
 * @param frames            the frames, in order (the last is the final frame)
 * @param footerOffset      offset of the footer (signing suites), equal to the message length when there is none
 */
public record MessageLayout(int version, int suiteId, int suiteOffset, int contextOffset, int contextLength,
                            int edkCount, int firstEdkCiphertext, int frameLength, int commitKeyOffset,
                            int headerTagOffset, List<Frame> frames, int footerOffset) {

    /** One frame: its whole extent and the offset of its encrypted content. */
    public record Frame(int start, int contentOffset, int contentLength, int end, boolean isFinal) {
    }

    public int headerEnd() {
        return headerTagOffset + 16;
    }

    public static MessageLayout parse(byte[] message) {
        ByteBuffer b = ByteBuffer.wrap(message);
        int version = b.get() & 0xFF;
        if (version == 1) {
            b.get(); // type
        }
        int suiteOffset = b.position();
        int suite = b.getShort() & 0xFFFF;
        b.position(b.position() + (version == 1 ? 16 : 32));
        int aadLength = b.getShort() & 0xFFFF;
        int contextOffset = b.position();
        b.position(b.position() + aadLength);
        int edkCount = b.getShort() & 0xFFFF;
        int firstEdkCiphertext = -1;
        for (int i = 0; i < edkCount; i++) {
            skip(b); // provider ID
            skip(b); // provider info
            if (i == 0) {
                firstEdkCiphertext = b.position() + 2;
            }
            skip(b); // ciphertext
        }
        int contentType = b.get();
        if (contentType != 2) {
            throw new IllegalArgumentException("not a framed message");
        }
        if (version == 1) {
            b.getInt(); // reserved
            b.get(); // IV length
        }
        int frameLength = b.getInt();
        int commitKeyOffset = -1;
        if (version == 2) {
            commitKeyOffset = b.position();
            b.position(b.position() + 32);
        } else {
            b.position(b.position() + 12); // header IV
        }
        int headerTagOffset = b.position();
        b.position(b.position() + 16);
        List<Frame> frames = new ArrayList<>();
        while (true) {
            int start = b.position();
            int seq = b.getInt();
            if (seq == 0xFFFFFFFF) {
                b.getInt(); // sequence number
                b.position(b.position() + 12);
                int length = b.getInt();
                int content = b.position();
                b.position(content + length + 16);
                frames.add(new Frame(start, content, length, b.position(), true));
                break;
            }
            b.position(b.position() + 12);
            int content = b.position();
            b.position(content + frameLength + 16);
            frames.add(new Frame(start, content, frameLength, b.position(), false));
        }
        boolean signed = suite == 0x0214 || suite == 0x0346 || suite == 0x0378 || suite == 0x0578;
        int footerOffset = b.position();
        if (!signed && footerOffset != message.length) {
            throw new IllegalArgumentException("bytes after the body of an unsigned message");
        }
        return new MessageLayout(version, suite, suiteOffset, contextOffset, aadLength, edkCount, firstEdkCiphertext,
                frameLength, commitKeyOffset, headerTagOffset, List.copyOf(frames), footerOffset);
    }

    private static void skip(ByteBuffer b) {
        int n = b.getShort() & 0xFFFF;
        b.position(b.position() + n);
    }
}
