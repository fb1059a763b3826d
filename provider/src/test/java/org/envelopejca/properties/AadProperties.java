package org.envelopejca.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.envelopejca.message.AlgorithmSuite;

/**
 * {@code updateAAD} binds bytes to a message without storing them (ESDK "required encryption context"): the same
 * AAD decrypts, a different or missing AAD fails as an authentication failure.
 */
class AadProperties {

    enum AadMistake {
        MISSING, ONE_BIT_CHANGED, SHORTER, LONGER
    }

    @Property(tries = 60)
    void onlyTheSameAadDecrypts(@ForAll("suites") AlgorithmSuite suite, @ForAll("aads") byte[] aad,
            @ForAll AadMistake mistake, @ForAll long seed, @ForAll @IntRange(min = 0, max = 2000) int length,
            @ForAll boolean splitAad) throws Exception {
        TestKey key = TestKey.aes(new SecretKeySpec(Messages.plaintext(~seed, 32), "AES"));
        byte[] plaintext = Messages.plaintext(seed, length);

        Cipher encryptor = Messages.newCipher();
        encryptor.init(Cipher.ENCRYPT_MODE, key.encryptionKey(), Messages.writing(suite).frameLength(256).build());
        encryptor.updateAAD(aad);
        byte[] message = encryptor.doFinal(plaintext);

        // The same AAD, given in one piece or in two (updateAAD continues a multi-part AAD).
        Cipher decryptor = Messages.newCipher();
        decryptor.init(Cipher.DECRYPT_MODE, key.decryptionKey(), Messages.reading(suite).build());
        if (splitAad) {
            int cut = (int) Math.floorMod(seed, (long) aad.length + 1);
            decryptor.updateAAD(aad, 0, cut);
            decryptor.updateAAD(aad, cut, aad.length - cut);
        } else {
            decryptor.updateAAD(aad);
        }
        assertArrayEquals(plaintext, decryptor.doFinal(message));

        byte[] wrong = switch (mistake) {
            case MISSING -> null;
            case ONE_BIT_CHANGED -> {
                byte[] changed = aad.clone();
                changed[(int) Math.floorMod(seed, (long) aad.length)] ^= (byte) (1 << Math.floorMod(seed, 8L));
                yield changed;
            }
            case SHORTER -> Arrays.copyOf(aad, aad.length - 1);
            case LONGER -> Arrays.copyOf(aad, aad.length + 1);
        };
        Cipher wrongDecryptor = Messages.newCipher();
        wrongDecryptor.init(Cipher.DECRYPT_MODE, key.decryptionKey(), Messages.reading(suite).build());
        if (wrong != null) {
            wrongDecryptor.updateAAD(wrong);
        }
        try {
            wrongDecryptor.doFinal(message);
            throw new AssertionError("decrypted with AAD " + mistake);
        } catch (Exception e) {
            Rejections.assertIsRejection(e, "AAD " + mistake);
            assertInstanceOf(AEADBadTagException.class, e, "a wrong AAD is an authentication failure");
        }
    }

    @Provide
    Arbitrary<AlgorithmSuite> suites() {
        return EnvelopeArbitraries.suites();
    }

    @Provide
    Arbitrary<byte[]> aads() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(100);
    }
}
