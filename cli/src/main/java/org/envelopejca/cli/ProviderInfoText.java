package org.envelopejca.cli;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/** Shows an encrypted data key's provider info: text where it is text, the raw AES fields where it has them. */
final class ProviderInfoText {

    private static final int AES_GCM_TAG_BITS = 128;
    private static final int AES_GCM_IV_LENGTH = 12;
    /** u32 tag length in bits, u32 IV length, IV. */
    private static final int RAW_AES_SUFFIX = 4 + 4 + AES_GCM_IV_LENGTH;

    private ProviderInfoText() {
    }

    static String describe(byte[] info) {
        Optional<String> text = Printable.asText(info);
        if (text.isPresent()) {
            return "\"" + Printable.escape(text.get()) + "\"";
        }
        Optional<String> rawAes = rawAes(info);
        return rawAes.orElseGet(() -> info.length + " bytes: " + HexFormat.of().formatHex(info));
    }

    /** Spec: framework/raw-aes-keyring.md (key provider information): key name, tag length, IV length, IV. */
    private static Optional<String> rawAes(byte[] info) {
        if (info.length < RAW_AES_SUFFIX) {
            return Optional.empty();
        }
        ByteBuffer suffix = ByteBuffer.wrap(info, info.length - RAW_AES_SUFFIX, RAW_AES_SUFFIX);
        int tagBits = suffix.getInt();
        int ivLength = suffix.getInt();
        if (tagBits != AES_GCM_TAG_BITS || ivLength != AES_GCM_IV_LENGTH) {
            return Optional.empty();
        }
        byte[] name = Arrays.copyOf(info, info.length - RAW_AES_SUFFIX);
        byte[] iv = Arrays.copyOfRange(info, info.length - AES_GCM_IV_LENGTH, info.length);
        return Printable.asText(name).map(n -> "key name \"" + Printable.escape(n) + "\", raw AES wrapping: tag "
                + tagBits + " bits, IV " + HexFormat.of().formatHex(iv));
    }
}
