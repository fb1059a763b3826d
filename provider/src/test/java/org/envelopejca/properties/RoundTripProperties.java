package org.envelopejca.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.properties.EnvelopeArbitraries.Sizing;

/** Decrypting what was encrypted gives back the plaintext, for any suite, frame length, context, key and chunking. */
class RoundTripProperties {

    @Property(tries = 150)
    void decryptionReturnsThePlaintext(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("contexts") Map<String, String> context, @ForAll("suites") AlgorithmSuite suite,
            @ForAll("keys") TestKey key) throws Exception {
        byte[] plaintext = Messages.plaintext(seed, sizing.plaintextLength());
        EnvelopeParameterSpec writeSpec = key.applyTo(Messages.writing(suite))
                .frameLength(sizing.frameLength()).encryptionContext(context).build();
        EnvelopeParameterSpec readSpec = key.applyTo(Messages.reading(suite)).encryptionContext(context).build();

        byte[] message = Messages.encrypt(key.encryptionKey(), writeSpec, plaintext);

        assertArrayEquals(plaintext, Messages.decrypt(key.decryptionKey(), readSpec, message));
    }

    @Property(tries = 100)
    void chunkedUpdatesGiveTheSameResultAsOneDoFinal(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("suites") AlgorithmSuite suite, @ForAll("chunkLimits") int maxChunk) throws Exception {
        byte[] plaintext = Messages.plaintext(seed, sizing.plaintextLength());
        TestKey key = TestKey.aes(new SecretKeySpec(Messages.plaintext(~seed, 32), "AES"));
        EnvelopeParameterSpec writeSpec = Messages.writing(suite).frameLength(sizing.frameLength()).build();
        EnvelopeParameterSpec readSpec = Messages.reading(suite).build();

        Cipher encryptor = Messages.newCipher();
        encryptor.init(Cipher.ENCRYPT_MODE, key.encryptionKey(), writeSpec);
        byte[] message = Chunking.process(encryptor, plaintext, seed + 1, maxChunk);
        assertArrayEquals(plaintext, Messages.decrypt(key.decryptionKey(), readSpec, message),
                "a message written in chunks decrypts in one doFinal");

        Cipher decryptor = Messages.newCipher();
        decryptor.init(Cipher.DECRYPT_MODE, key.decryptionKey(), readSpec);
        assertArrayEquals(plaintext, Chunking.process(decryptor, message, seed + 2, maxChunk),
                "a message read in chunks gives the plaintext");
    }

    @Provide
    Arbitrary<Sizing> sizings() {
        return EnvelopeArbitraries.sizings(EnvelopeArbitraries.frameLengths(), 40_000);
    }

    @Provide
    Arbitrary<Map<String, String>> contexts() {
        return EnvelopeArbitraries.contexts();
    }

    @Provide
    Arbitrary<AlgorithmSuite> suites() {
        return EnvelopeArbitraries.suites();
    }

    @Provide
    Arbitrary<TestKey> keys() {
        return TestKey.any();
    }

    @Provide
    Arbitrary<Integer> chunkLimits() {
        return Arbitraries.of(1, 7, 100, 5000, 70_000);
    }
}
