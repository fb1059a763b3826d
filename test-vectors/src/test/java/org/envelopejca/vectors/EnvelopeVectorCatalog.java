package org.envelopejca.vectors;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import org.envelopejca.DataKeyUnavailableException;
import org.envelopejca.MalformedMessageException;
import org.envelopejca.keyring.RsaPadding;

/**
 * The vectors this project publishes (under {@code src/test/resources/envelope-vectors/}): what the generator writes
 * and what the tests expect of them. Changing this list means regenerating the vectors (see the README).
 */
public final class EnvelopeVectorCatalog {

    /** Key namespace (ESDK provider ID) of every key in the vectors. */
    public static final String NAMESPACE = "envelope-vectors";
    /** The folder, relative to the module, holding the manifest, keys, ciphertexts and plaintexts. */
    public static final String FOLDER = "src/test/resources/envelope-vectors";

    /** A plaintext file by name and length (content: see {@link EnvelopeVectorGenerator#plaintextBytes}). */
    public record Plaintext(String name, int length) {
    }

    /**
     * A wrapping key as the vectors use it.
     *
     * @param key     keys-manifest entry stem: {@code aes-128}, {@code aes-192}, {@code aes-256} or {@code rsa-2048}
     * @param padding RSA padding (null for AES keys)
     */
    public record KeyUse(String key, RsaPadding padding) {

        public boolean isRsa() {
            return padding != null;
        }

        /** The keys-manifest entry that encrypts (RSA: the public key). */
        public String encryptEntry() {
            return isRsa() ? key + "-public" : key;
        }

        /** The keys-manifest entry that decrypts (RSA: the private key). */
        public String decryptEntry() {
            return isRsa() ? key + "-private" : key;
        }
    }

    /**
     * A message the generator writes and every conforming decryptor must read.
     *
     * @param name        test name, ciphertext file name
     * @param suiteId     algorithm suite
     * @param keys        wrapping keys, the first being the {@code init} key (one encrypted data key each)
     * @param frameLength frame length
     * @param plaintext   plaintext file name
     * @param context     encryption context (stored)
     * @param aad         bytes given to {@code updateAAD} (UTF-8 of this text), which the provider binds as required,
     *                    unstored context under {@code EnvelopeCipher.AAD_CONTEXT_KEY}; null for none
     * @param description what the vector covers
     */
    public record Positive(String name, int suiteId, List<KeyUse> keys, int frameLength, String plaintext,
                           Map<String, String> context, String aad, String description) {
    }

    /** A second decrypt test of a positive vector's message, naming only some of its keys. */
    public record KeySubset(String name, String base, List<KeyUse> keys, String description) {
    }

    /** A damaged copy of a positive vector that must fail with the given exception (or a subclass). */
    public record Negative(String name, String base, VectorDamage damage, Class<? extends Exception> failure,
                           String description) {
    }

    static final KeyUse AES_128 = new KeyUse("aes-128", null);
    static final KeyUse AES_192 = new KeyUse("aes-192", null);
    static final KeyUse AES_256 = new KeyUse("aes-256", null);
    static final KeyUse RSA_PKCS1 = new KeyUse("rsa-2048", RsaPadding.PKCS1);
    static final KeyUse RSA_OAEP_SHA1 = new KeyUse("rsa-2048", RsaPadding.OAEP_SHA1_MGF1);
    static final KeyUse RSA_OAEP_SHA256 = new KeyUse("rsa-2048", RsaPadding.OAEP_SHA256_MGF1);
    static final KeyUse RSA_OAEP_SHA512 = new KeyUse("rsa-2048", RsaPadding.OAEP_SHA512_MGF1);

    private static final Map<String, String> CONTEXT = Map.of("purpose", "test vectors", "origin", "envelope");
    private static final Map<String, String> UNICODE_CONTEXT = Map.of("clé", "valeur ✓", "鍵", "値",
            "emoji 🔑", "🔒 sealed");

    public static final List<Plaintext> PLAINTEXTS = List.of(
            new Plaintext("empty", 0),
            new Plaintext("tiny", 23),
            new Plaintext("small", 1200),
            new Plaintext("2-KiB", 2048),
            new Plaintext("4-KiB", 4096));

    public static final List<Positive> POSITIVES = List.of(
            p("0478-aes-256-f4096-small-ec", 0x0478, List.of(AES_256), 4096, "small", CONTEXT,
                    "default suite, raw AES-256, stored context"),
            p("0578-aes-256-f4096-small-ec", 0x0578, List.of(AES_256), 4096, "small", CONTEXT,
                    "signing suite, raw AES-256, stored context"),
            p("0478-aes-128-f512-small", 0x0478, List.of(AES_128), 512, "small", Map.of(),
                    "raw AES-128, 2 regular frames and a partial final frame"),
            p("0478-aes-192-f512-small", 0x0478, List.of(AES_192), 512, "small", Map.of(), "raw AES-192"),
            p("0578-aes-128-f4096-small", 0x0578, List.of(AES_128), 4096, "small", Map.of(), "raw AES-128, signed"),
            p("0478-rsa-oaep-sha1-f4096-small", 0x0478, List.of(RSA_OAEP_SHA1), 4096, "small", Map.of(),
                    "raw RSA-2048, OAEP with SHA-1"),
            p("0478-rsa-oaep-sha256-f4096-small-ec", 0x0478, List.of(RSA_OAEP_SHA256), 4096, "small", CONTEXT,
                    "raw RSA-2048, OAEP with SHA-256"),
            p("0478-rsa-oaep-sha512-f512-small", 0x0478, List.of(RSA_OAEP_SHA512), 512, "small", Map.of(),
                    "raw RSA-2048, OAEP with SHA-512"),
            p("0478-rsa-pkcs1-f4096-small", 0x0478, List.of(RSA_PKCS1), 4096, "small", Map.of(),
                    "raw RSA-2048, PKCS #1 v1.5"),
            p("0578-rsa-oaep-sha256-f65536-small", 0x0578, List.of(RSA_OAEP_SHA256), 65536, "small", Map.of(),
                    "raw RSA-2048, OAEP with SHA-256, signed, 64 KiB frames"),
            p("0478-aes-256-f65536-small", 0x0478, List.of(AES_256), 65536, "small", Map.of(),
                    "64 KiB frames: a single final frame"),
            p("0478-aes-256-f512-empty", 0x0478, List.of(AES_256), 512, "empty", Map.of(),
                    "empty plaintext: only an empty final frame"),
            p("0578-aes-256-f4096-empty-ec", 0x0578, List.of(AES_256), 4096, "empty", CONTEXT,
                    "empty plaintext, signed"),
            p("0478-aes-256-f512-2-KiB", 0x0478, List.of(AES_256), 512, "2-KiB", Map.of(),
                    "plaintext an exact multiple of the frame length: 4 full frames and an empty final frame"),
            p("0578-aes-256-f4096-4-KiB", 0x0578, List.of(AES_256), 4096, "4-KiB", Map.of(),
                    "plaintext exactly one frame long, signed"),
            p("0578-aes-256-f1-tiny", 0x0578, List.of(AES_256), 1, "tiny", Map.of(),
                    "1-byte frames"),
            p("0478-aes-256-f4096-small-unicode-ec", 0x0478, List.of(AES_256), 4096, "small", UNICODE_CONTEXT,
                    "context with non-ASCII keys and values (sorted by UTF-8 bytes)"),
            p("0478-multi-aes-256-rsa-oaep-sha256-f4096-small-ec", 0x0478, List.of(AES_256, RSA_OAEP_SHA256), 4096,
                    "small", CONTEXT, "two wrapping keys: two encrypted data keys"),
            p("0578-multi-rsa-pkcs1-aes-128-f512-small", 0x0578, List.of(RSA_PKCS1, AES_128), 512, "small",
                    Map.of(), "two wrapping keys, RSA first, signed"),
            // v1 suites, written under FORBID_ENCRYPT_ALLOW_DECRYPT
            p("0014-aes-128-f4096-small", 0x0014, List.of(AES_128), 4096, "small", Map.of(),
                    "v1, no KDF, AES-128"),
            new Positive("0478-aes-256-f4096-small-ec-aad", 0x0478, List.of(AES_256), 4096, "small", CONTEXT,
                    "order 4711", "updateAAD bytes: required encryption context, authenticated but not stored"),
            new Positive("0578-rsa-oaep-sha256-f512-small-aad", 0x0578, List.of(RSA_OAEP_SHA256), 512, "small",
                    Map.of(), "header-bound bytes", "updateAAD bytes, signed, RSA key"),
            p("0078-aes-256-f512-2-KiB", 0x0078, List.of(AES_256), 512, "2-KiB", CONTEXT,
                    "v1, no KDF, AES-256, exact multiple of the frame length"),
            p("0178-aes-256-f4096-small-ec", 0x0178, List.of(AES_256), 4096, "small", CONTEXT,
                    "v1, HKDF-SHA256, AES-256"),
            p("0214-rsa-oaep-sha256-f512-small", 0x0214, List.of(RSA_OAEP_SHA256), 512, "small", Map.of(),
                    "v1, HKDF-SHA256, ECDSA P-256, RSA key"),
            p("0378-aes-256-f4096-small-ec", 0x0378, List.of(AES_256), 4096, "small", CONTEXT,
                    "v1, HKDF-SHA384, ECDSA P-384"));

    public static final List<KeySubset> KEY_SUBSETS = List.of(
            new KeySubset("0478-multi-aes-256-rsa-oaep-sha256-f4096-small-ec-second-key",
                    "0478-multi-aes-256-rsa-oaep-sha256-f4096-small-ec", List.of(RSA_OAEP_SHA256),
                    "only the second wrapping key: the decryptor must pass over the first data key"),
            new KeySubset("0578-multi-rsa-pkcs1-aes-128-f512-small-second-key",
                    "0578-multi-rsa-pkcs1-aes-128-f512-small", List.of(AES_128),
                    "only the second wrapping key"));

    public static final List<Negative> NEGATIVES = List.of(
            n("neg-0478-flipped-body-byte", "0478-aes-256-f4096-small-ec", VectorDamage.FLIP_BODY_BYTE,
                    AEADBadTagException.class, "a bit of frame content flipped"),
            n("neg-0178-flipped-body-byte", "0178-aes-256-f4096-small-ec", VectorDamage.FLIP_BODY_BYTE,
                    AEADBadTagException.class, "v1: a bit of frame content flipped"),
            // an RSA-wrapped data key, as the raw AES keyring binds the context and would fail first
            n("neg-0478-flipped-context-byte", "0478-rsa-oaep-sha256-f4096-small-ec", VectorDamage.FLIP_CONTEXT_BYTE,
                    AEADBadTagException.class, "a bit of a stored context value flipped: the header tag fails"),
            n("neg-0578-aes-flipped-context-byte", "0578-aes-256-f4096-small-ec", VectorDamage.FLIP_CONTEXT_BYTE,
                    DataKeyUnavailableException.class,
                    "a bit of a stored context value flipped: the raw AES key (bound to the context) does not unwrap"),
            n("neg-0478-flipped-commit-key", "0478-aes-256-f4096-small-ec", VectorDamage.FLIP_COMMIT_KEY,
                    AEADBadTagException.class, "a bit of the commit key flipped: key commitment fails"),
            n("neg-0478-flipped-header-tag", "0478-aes-128-f512-small", VectorDamage.FLIP_HEADER_TAG,
                    AEADBadTagException.class, "a bit of the header tag flipped"),
            n("neg-0478-flipped-edk-byte", "0478-aes-256-f65536-small", VectorDamage.FLIP_EDK_BYTE,
                    DataKeyUnavailableException.class, "a bit of the encrypted data key flipped: no key unwraps"),
            n("neg-0578-flipped-signature-byte", "0578-aes-256-f4096-small-ec", VectorDamage.FLIP_SIGNATURE_BYTE,
                    AEADBadTagException.class, "a bit of the signature flipped"),
            n("neg-0478-no-final-frame", "0478-aes-128-f512-small", VectorDamage.DROP_FINAL_FRAME,
                    AEADBadTagException.class, "truncated at a frame boundary: the final frame is missing"),
            n("neg-0478-truncated-in-frame", "0478-aes-128-f512-small", VectorDamage.TRUNCATE_IN_FRAME,
                    AEADBadTagException.class, "truncated inside the second frame"),
            n("neg-0578-no-footer", "0578-aes-256-f4096-small-ec", VectorDamage.DROP_FOOTER,
                    AEADBadTagException.class, "truncated before the footer: the signature is missing"),
            n("neg-0478-swapped-frames", "0478-aes-128-f512-small", VectorDamage.SWAP_FRAMES,
                    AEADBadTagException.class, "frames 1 and 2 swapped"),
            n("neg-0578-required-context-withheld", "0578-rsa-oaep-sha256-f512-small-aad",
                    VectorDamage.WITHHOLD_REQUIRED_CONTEXT, AEADBadTagException.class,
                    "an intact message read without its required context: the header tag fails"),
            n("neg-unknown-version", "0478-aes-256-f4096-small-ec", VectorDamage.UNKNOWN_VERSION,
                    MalformedMessageException.class, "version byte 0x03"),
            n("neg-unknown-suite", "0478-aes-256-f4096-small-ec", VectorDamage.UNKNOWN_SUITE,
                    MalformedMessageException.class, "suite ID 0x0479"));

    private EnvelopeVectorCatalog() {
    }

    public static Positive positive(String name) {
        return POSITIVES.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no positive vector " + name));
    }

    /** Every test name of the manifest, in manifest order. */
    public static List<String> testNames() {
        return Stream.of(POSITIVES.stream().map(Positive::name), KEY_SUBSETS.stream().map(KeySubset::name),
                NEGATIVES.stream().map(Negative::name)).flatMap(s -> s).toList();
    }

    private static Positive p(String name, int suiteId, List<KeyUse> keys, int frameLength, String plaintext,
                              Map<String, String> context, String description) {
        return new Positive(name, suiteId, keys, frameLength, plaintext, context, null, description);
    }

    private static Negative n(String name, String base, VectorDamage damage, Class<? extends Exception> failure,
                              String description) {
        return new Negative(name, base, damage, failure, description);
    }
}
