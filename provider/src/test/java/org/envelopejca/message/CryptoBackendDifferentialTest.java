package org.envelopejca.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.keyring.Keyring;
import org.envelopejca.keyring.RawAesKeyring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDK and ACCP backends write the same message for the same wrapping key, randomness (data key, message ID, IVs)
 * and plaintext, and each reads the other's. The signing suites differ only where ACCP's own DRBG enters: the
 * verification key in the stored context (so the raw keyring's wrapped key and the header's tag) and the signature;
 * their frames are the same bytes.
 */
class CryptoBackendDifferentialTest {
    private static final int FRAME = 1024;
    private static final int[] SIZES = {0, 1, 1000, 3 * FRAME + 17};
    private static final Map<String, String> CONTEXT = Map.of("purpose", "differential", "tenant", "t-1");
    private static final byte[] WRAPPING_KEY = new byte[32];

    static {
        Arrays.fill(WRAPPING_KEY, (byte) 0x5a);
    }

    /**
     * Without a loadable ACCP these tests say nothing: skipped outside CI, but a failure under CI=true (as the Moto and
     * public-vector tests), where the build ships ACCP for its platform and a silent skip would leave the ACCP backend
     * untested while both backend runs of .ci/run pass on the JDK's crypto.
     */
    private static void requireAccp() {
        if (!CryptoBackend.accpAvailable() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but ACCP does not load on this machine");
        }
        assumeTrue(CryptoBackend.accpAvailable(), "ACCP does not load on this machine");
    }

    @ParameterizedTest
    @EnumSource(AlgorithmSuite.class)
    void bothBackendsWriteTheSameBytesAndReadEachOther(AlgorithmSuite suite) throws Exception {
        requireAccp();
        for (int size : SIZES) {
            byte[] plaintext = plaintext(size);
            Written jdk = encrypt(CryptoBackend.jdk(), suite, plaintext);
            Written accp = encrypt(CryptoBackend.accp(), suite, plaintext);

            if (!suite.isSigning()) {
                assertArrayEquals(jdk.bytes, accp.bytes, suite + ", " + size + " bytes");
            } else {
                MessageHeader a = jdk.header;
                MessageHeader b = accp.header;
                assertEquals(a.length(), b.length());
                assertArrayEquals(a.messageId(), b.messageId());
                // (the raw AES keyring binds the whole context, verification key included, into its wrapped key)
                assertEquals(a.encryptedDataKeys().size(), b.encryptedDataKeys().size());
                assertNotEquals(a.encryptionContext().get(TrailingSignature.PUBLIC_KEY_CONTEXT_KEY),
                        b.encryptionContext().get(TrailingSignature.PUBLIC_KEY_CONTEXT_KEY));
                int body = bodyLength(size);
                assertArrayEquals(Arrays.copyOfRange(jdk.bytes, a.length(), a.length() + body),
                        Arrays.copyOfRange(accp.bytes, b.length(), b.length() + body), suite + ", frames of " + size);
            }
            assertArrayEquals(plaintext, decrypt(CryptoBackend.accp(), jdk.bytes), "ACCP reads the JDK's " + suite);
            assertArrayEquals(plaintext, decrypt(CryptoBackend.jdk(), accp.bytes), "the JDK reads ACCP's " + suite);
        }
    }

    @ParameterizedTest
    @EnumSource(value = AlgorithmSuite.class, names = {"AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384",
            "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
    void neitherBackendAcceptsATamperedMessageOfTheOther(AlgorithmSuite suite) throws Exception {
        requireAccp();
        byte[] plaintext = plaintext(1000);
        for (CryptoBackend writer : new CryptoBackend[] {CryptoBackend.jdk(), CryptoBackend.accp()}) {
            CryptoBackend reader = writer.isAccp() ? CryptoBackend.jdk() : CryptoBackend.accp();
            Written written = encrypt(writer, suite, plaintext);
            byte[] lastByte = written.bytes.clone();
            lastByte[lastByte.length - 1] ^= 1; // inside the signature
            assertThrows(MessageAuthenticationException.class, () -> decrypt(reader, lastByte));
            byte[] frame = written.bytes.clone();
            frame[written.header.length() + 30] ^= 1; // inside the final frame's ciphertext (it starts at 24)
            assertThrows(MessageAuthenticationException.class, () -> decrypt(reader, frame));
        }
    }

    @Test
    void thePropertyChoosesTheBackendOrFailsLoudly() {
        String asked = System.getProperty(CryptoBackend.PROPERTY, "auto");
        if (asked.equals("jdk") || asked.equals("accp")) {
            assertEquals(asked, CryptoBackend.current().name(), "this run asked for " + asked);
        }
        assertEquals("jdk", CryptoBackend.choose("jdk").name());
        assertEquals("jdk", CryptoBackend.choose(" JDK ").name());
        assertThrows(java.security.ProviderException.class, () -> CryptoBackend.choose("fast"));
        if (CryptoBackend.accpAvailable()) {
            assertEquals("accp", CryptoBackend.choose("accp").name());
            assertEquals("accp", CryptoBackend.choose("auto").name());
        } else {
            assertThrows(java.security.ProviderException.class, () -> CryptoBackend.choose("accp"));
            assertEquals("jdk", CryptoBackend.choose("auto").name());
        }
    }

    private record Written(byte[] bytes, MessageHeader header) {
    }

    private static Written encrypt(CryptoBackend backend, AlgorithmSuite suite, byte[] plaintext) throws Exception {
        CommitmentPolicy policy = suite.isCommitting() ? CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
                : CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT;
        EncryptionSettings settings = new EncryptionSettings(suite, FRAME, CONTEXT, Map.of(), policy, 4);
        MessageEncryptor encryptor = new MessageEncryptor(settings, keyring(seeded("keyring")), seeded("message"),
                new Primitives(backend));
        encryptor.start();
        byte[] out = new byte[Math.toIntExact(encryptor.maxOutputLength(plaintext.length, true))];
        int n = encryptor.finish(plaintext, 0, plaintext.length, out, 0);
        return new Written(Arrays.copyOf(out, n), encryptor.header());
    }

    private static byte[] decrypt(CryptoBackend backend, byte[] message) throws MessageException {
        DecryptionSettings settings = new DecryptionSettings(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT, 4, CONTEXT);
        MessageDecryptor decryptor = new MessageDecryptor(settings, keyring(new SecureRandom()), new Primitives(backend));
        byte[] out = new byte[Math.toIntExact(decryptor.maxOutputLength(message.length))];
        int n = decryptor.finish(message, 0, message.length, out, 0);
        return Arrays.copyOf(out, n);
    }

    private static Keyring keyring(SecureRandom random) {
        return new RawAesKeyring(new SecretKeySpec(WRAPPING_KEY, "AES"), "differential", "key-1", random);
    }

    /** A SecureRandom whose output is fixed by {@code label}: SHA1PRNG seeded before its first use. */
    private static SecureRandom seeded(String label) throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(label.getBytes(StandardCharsets.UTF_8));
        return random;
    }

    private static byte[] plaintext(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    /** Regular frames (sequence, IV, content, tag), then the final frame (marker, sequence, IV, length, content, tag). */
    private static int bodyLength(int size) {
        return (size / FRAME) * (4 + 12 + FRAME + 16) + (4 + 4 + 12 + 4 + size % FRAME + 16);
    }
}
