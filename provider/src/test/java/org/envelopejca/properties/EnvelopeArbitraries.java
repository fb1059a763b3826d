package org.envelopejca.properties;

import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.message.AlgorithmSuite;

/** Generators shared by the property, interop and streaming tests. */
public final class EnvelopeArbitraries {

    /** A context of non-ASCII keys and values, including characters outside the Basic Multilingual Plane. */
    public static final Map<String, String> UNICODE_CONTEXT = Map.of(
            "clé", "valeur ünïcødé",
            "鍵", "値",
            "emoji 🔐", "🗝️ and 𝄞",
            "Ελληνικά", "Кириллица");

    /**
     * Keys whose order differs between UTF-16 (String.compareTo) and the unsigned UTF-8 bytes the format sorts by:
     * U+FF21 sorts after U+1F600 in UTF-8 but before it in UTF-16.
     */
    public static final Map<String, String> ORDER_SENSITIVE_CONTEXT = Map.of(
            "\uFF21", "fullwidth A",
            "\uD83D\uDE00", "grinning face",
            "\uE000", "private use",
            "\u00E9", "e acute",
            "z", "ascii");

    private EnvelopeArbitraries() {
    }

    /** Every suite; the two committing ones (the only ones written by default) about half of the time. */
    public static Arbitrary<AlgorithmSuite> suites() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY,
                        AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384)),
                Tuple.of(4, Arbitraries.of(AlgorithmSuite.class).filter(suite -> !suite.isCommitting())));
    }

    /** The frame lengths worth naming (1 byte, small, the ESDK default, ours) and any in between. */
    public static Arbitrary<Integer> frameLengths() {
        return Arbitraries.oneOf(
                Arbitraries.of(1, 16, 100, 4096, EnvelopeParameterSpec.DEFAULT_FRAME_LENGTH),
                Arbitraries.integers().between(1, 5000));
    }

    /**
     * Plaintext lengths for a frame length: around exact multiples (k frames, minus one, plus one) and anywhere in
     * up to five frames, never more than {@code max}.
     */
    public static Arbitrary<Integer> plaintextLengths(int frameLength, int max) {
        int upTo = (int) Math.min(max, 5L * frameLength + 600);
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 4).flatMap(frames -> Arbitraries.integers().between(-1, 1)
                        .map(delta -> (int) Math.max(0, Math.min(upTo, (long) frames * frameLength + delta)))),
                Arbitraries.integers().between(0, upTo));
    }

    /** A frame length with a plaintext length that fits it. */
    public static Arbitrary<Sizing> sizings(Arbitrary<Integer> frameLengths, int maxPlaintext) {
        return frameLengths.flatMap(f -> plaintextLengths(f, maxPlaintext).map(n -> new Sizing(f, n)));
    }

    /**
     * Encryption contexts: empty, Unicode, order-sensitive, and random ones. Keys and values are non-empty (the ESDK for Java rejects
     * empty ones), never start with the reserved {@code aws-crypto-} prefix, and hold no lone surrogates (which
     * UTF-8 cannot carry).
     */
    public static Arbitrary<Map<String, String>> contexts() {
        Arbitrary<String> text = Arbitraries.strings()
                .withCharRange('a', 'z').withCharRange('0', '9').withChars(" -_:/.")
                .withCharRange('\u00c0', '\u024f').withCharRange('\u4e00', '\u4e3f').withCharRange('\uff01', '\uff5e')
                .ofMinLength(1).ofMaxLength(16);
        return Arbitraries.oneOf(
                Arbitraries.just(Map.of()),
                Arbitraries.just(UNICODE_CONTEXT),
                Arbitraries.just(ORDER_SENSITIVE_CONTEXT),
                Arbitraries.maps(text.filter(k -> !k.startsWith("aws-crypto-")), text).ofMinSize(1).ofMaxSize(6));
    }

    /** Key namespaces and names: ESDK provider IDs must not start with {@code aws-kms}. */
    public static Arbitrary<String> keyNames() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars("-_/:.")
                        .ofMinLength(1).ofMaxLength(24),
                Arbitraries.of("ключ", "鍵-🔑"))
                .filter(n -> !n.startsWith("aws-kms"));
    }

    /** AES keys of 128, 192 and 256 bits. */
    public static Arbitrary<SecretKey> aesKeys() {
        return Arbitraries.of(16, 24, 32).flatMap(length -> Arbitraries.longs()
                .map(seed -> new SecretKeySpec(Messages.plaintext(seed, length), "AES")));
    }

    /**
     * A frame length and a plaintext length.
     *
     * @param frameLength     bytes per frame
     * @param plaintextLength bytes of plaintext
     */
    public record Sizing(int frameLength, int plaintextLength) {
    }
}
