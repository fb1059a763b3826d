package org.envelopejca.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.encryptionsdk.ParsedCiphertext;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.envelopejca.message.AlgorithmSuite;

/**
 * After {@code doFinal} a Cipher is ready for the next message without a new {@code init} (the JCA contract): an
 * encryptor starts a new message with a fresh message ID, a decryptor reads the next message.
 */
class CipherReuseProperties {

    @Property(tries = 40)
    void aCipherHandlesMessageAfterMessage(@ForAll("suites") AlgorithmSuite suite, @ForAll("keys") TestKey key,
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 3000) int length, @ForAll boolean chunked)
            throws Exception {
        byte[] first = Messages.plaintext(seed, length);
        byte[] second = Messages.plaintext(seed, length); // the same plaintext: the messages must still differ
        byte[] third = Messages.plaintext(seed + 1, length / 2 + 1);

        Cipher encryptor = Messages.newCipher();
        encryptor.init(Cipher.ENCRYPT_MODE, key.encryptionKey(), key.applyTo(Messages.writing(suite)).frameLength(100).build());
        byte[] m1 = chunked ? Chunking.process(encryptor, first, seed, 150) : encryptor.doFinal(first);
        byte[] m2 = chunked ? Chunking.process(encryptor, second, seed + 1, 150) : encryptor.doFinal(second);
        byte[] m3 = chunked ? Chunking.process(encryptor, third, seed + 2, 150) : encryptor.doFinal(third);

        assertFalse(Arrays.equals(m1, m2), "two messages of the same plaintext are identical");
        byte[] id1 = new ParsedCiphertext(m1).getMessageId();
        byte[] id2 = new ParsedCiphertext(m2).getMessageId();
        byte[] id3 = new ParsedCiphertext(m3).getMessageId();
        assertFalse(Arrays.equals(id1, id2) || Arrays.equals(id2, id3) || Arrays.equals(id1, id3),
                "a message ID was used twice");

        Cipher decryptor = Messages.newCipher();
        decryptor.init(Cipher.DECRYPT_MODE, key.decryptionKey(), key.applyTo(Messages.reading(suite)).build());
        assertArrayEquals(first, chunked ? Chunking.process(decryptor, m1, seed + 3, 150) : decryptor.doFinal(m1));
        assertArrayEquals(second, chunked ? Chunking.process(decryptor, m2, seed + 4, 150) : decryptor.doFinal(m2));
        assertArrayEquals(third, chunked ? Chunking.process(decryptor, m3, seed + 5, 150) : decryptor.doFinal(m3));
    }

    /**
     * After a rejected message the Cipher works again once re-initialised (the JCA: "if any exception is thrown,
     * this cipher object may need to be reset before it can be used again").
     */
    @Property(tries = 20)
    void aDecryptorWorksAgainAfterARejectedMessage(@ForAll("suites") AlgorithmSuite suite, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position) throws Exception {
        TestKey key = TestKey.aes(new SecretKeySpec(Messages.plaintext(~seed, 32), "AES"));
        byte[] plaintext = Messages.plaintext(seed, 300);
        byte[] message = Messages.encrypt(key.encryptionKey(), Messages.writing(suite).frameLength(64).build(), plaintext);
        byte[] tampered = message.clone();
        tampered[position % tampered.length] ^= 1;

        Cipher decryptor = Messages.newCipher();
        decryptor.init(Cipher.DECRYPT_MODE, key.decryptionKey(), Messages.reading(suite).build());
        try {
            decryptor.doFinal(tampered);
            throw new AssertionError("a tampered message decrypted");
        } catch (Exception e) {
            Rejections.assertIsRejection(e, "tampered byte " + position % tampered.length);
        }
        decryptor.init(Cipher.DECRYPT_MODE, key.decryptionKey(), Messages.reading(suite).build());
        assertArrayEquals(plaintext, decryptor.doFinal(message), "the Cipher is unusable after a rejected message");
    }

    @Provide
    Arbitrary<AlgorithmSuite> suites() {
        return EnvelopeArbitraries.suites();
    }

    @Provide
    Arbitrary<TestKey> keys() {
        return TestKey.any();
    }
}
