package org.envelopejca.hardening;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the length and count fields of a valid message lie, so that the fuzzer can set them to extremes. Walks the
 * layout of data-format/message-header.md, message-body.md and message-footer.md (v1 and v2 headers, framed and
 * non-framed bodies, the footer of signing suites). Also records where the header ends and, for each frame, where
 * it starts and which plaintext it carries, so that a mutation's position bounds what may be released.
 *
 * @param fields       the numeric fields, in message order
 * @param headerLength bytes of header, header authentication included
 * @param frames       the body's frames (one entry for a non-framed body), in order
 * @param footerOffset where the footer starts (the message length when the suite does not sign)
 */
record MessageFields(List<Field> fields, int headerLength, List<Frame> frames, int footerOffset) {

    private static final int IV = 12;
    private static final int TAG = 16;

    /**
     * One big-endian unsigned field.
     *
     * @param name   what it counts or measures
     * @param offset where it starts
     * @param width  1, 2, 4 or 8 bytes
     */
    record Field(String name, int offset, int width) {
    }

    /**
     * A frame (or the single block of a non-framed body).
     *
     * @param offset          where it starts in the message
     * @param end             where it ends
     * @param plaintextOffset where its plaintext starts in the whole plaintext
     */
    record Frame(int offset, int end, int plaintextOffset) {
    }

    static MessageFields of(byte[] message) {
        ByteBuffer in = ByteBuffer.wrap(message);
        List<Field> fields = new ArrayList<>();
        int version = Byte.toUnsignedInt(in.get());
        if (version == 1) {
            in.get(); // type
        }
        in.position(in.position() + 2 + (version == 1 ? 16 : 32)); // suite, message ID
        fields.add(new Field("aad-length", in.position(), 2));
        int aadLength = Short.toUnsignedInt(in.getShort());
        int aadEnd = in.position() + aadLength;
        if (aadLength > 0) {
            fields.add(new Field("context-count", in.position(), 2));
            int count = Short.toUnsignedInt(in.getShort());
            for (int i = 0; i < count; i++) {
                skipPrefixed(in, fields, "context-key-length");
                skipPrefixed(in, fields, "context-value-length");
            }
        }
        in.position(aadEnd);
        fields.add(new Field("edk-count", in.position(), 2));
        int edks = Short.toUnsignedInt(in.getShort());
        for (int i = 0; i < edks; i++) {
            skipPrefixed(in, fields, "edk-provider-id-length");
            skipPrefixed(in, fields, "edk-provider-info-length");
            skipPrefixed(in, fields, "edk-ciphertext-length");
        }
        fields.add(new Field("content-type", in.position(), 1));
        boolean framed = in.get() == 2;
        if (version == 1) {
            fields.add(new Field("reserved", in.position(), 4));
            in.getInt();
            fields.add(new Field("iv-length", in.position(), 1));
            in.get();
        }
        fields.add(new Field("frame-length", in.position(), 4));
        int frameLength = in.getInt();
        in.position(in.position() + (version == 1 ? IV + TAG : 32 + TAG));
        int headerLength = in.position();

        List<Frame> frames = new ArrayList<>();
        int plaintextOffset = 0;
        if (framed) {
            while (true) {
                int start = in.position();
                if (in.getInt(start) == 0xFFFFFFFF) {
                    fields.add(new Field("final-frame-marker", start, 4));
                    fields.add(new Field("final-frame-sequence-number", start + 4, 4));
                    int lengthAt = start + 8 + IV;
                    fields.add(new Field("final-frame-content-length", lengthAt, 4));
                    int end = lengthAt + 4 + in.getInt(lengthAt) + TAG;
                    frames.add(new Frame(start, end, plaintextOffset));
                    in.position(end);
                    break;
                }
                fields.add(new Field("sequence-number", start, 4));
                int end = start + 4 + IV + frameLength + TAG;
                frames.add(new Frame(start, end, plaintextOffset));
                plaintextOffset += frameLength;
                in.position(end);
            }
        } else {
            int start = in.position();
            fields.add(new Field("non-framed-content-length", start + IV, 8));
            int end = (int) (start + IV + 8 + in.getLong(start + IV) + TAG);
            frames.add(new Frame(start, end, 0));
            in.position(end);
        }
        int footerOffset = in.position();
        if (in.hasRemaining()) {
            fields.add(new Field("signature-length", footerOffset, 2));
        }
        return new MessageFields(List.copyOf(fields), headerLength, List.copyOf(frames), footerOffset);
    }

    private static void skipPrefixed(ByteBuffer in, List<Field> fields, String name) {
        fields.add(new Field(name, in.position(), 2));
        int length = Short.toUnsignedInt(in.getShort());
        in.position(in.position() + length);
    }

    /**
     * The most plaintext a reader may release when the message is intact before {@code firstChange} (the first byte
     * that differs, or where the message was cut or extended): the plaintext of the frames wholly before it. A change
     * in the header allows nothing; a change in the footer allows the whole plaintext (its frames verified, only the
     * signature fails).
     */
    int releasableBefore(int firstChange, int plaintextLength) {
        if (firstChange < headerLength) {
            return 0;
        }
        for (Frame frame : frames) {
            if (firstChange < frame.end()) {
                return frame.plaintextOffset();
            }
        }
        return plaintextLength;
    }
}
