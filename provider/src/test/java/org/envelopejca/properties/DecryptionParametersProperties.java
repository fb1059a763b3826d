package org.envelopejca.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.encryptionsdk.ParsedCiphertext;
import java.security.AlgorithmParameters;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.message.AlgorithmSuite;

/**
 * After a decryption, {@code getParameters()} describes the message read: its stored encryption context, suite,
 * frame length and message ID (checked against the ESDK's own reading of the header).
 */
class DecryptionParametersProperties {

    private static final String PUBLIC_KEY_ENTRY = "aws-crypto-public-key";

    @Property(tries = 60)
    void parametersDescribeTheMessageRead(@ForAll("suites") AlgorithmSuite suite,
            @ForAll("contexts") Map<String, String> context, @ForAll @IntRange(min = 1, max = 5000) int frameLength,
            @ForAll long seed, @ForAll boolean expectOnlyPartOfTheContext) throws Exception {
        TestKey key = TestKey.aes(new SecretKeySpec(Messages.plaintext(~seed, 32), "AES"));
        byte[] plaintext = Messages.plaintext(seed, 1000);
        byte[] message = Messages.encrypt(key.encryptionKey(),
                Messages.writing(suite).frameLength(frameLength).encryptionContext(context).build(), plaintext);

        // A reader may check only part of the stored context.
        Map<String, String> expected = new HashMap<>(context);
        if (expectOnlyPartOfTheContext && !expected.isEmpty()) {
            expected.remove(expected.keySet().iterator().next());
        }
        Cipher decryptor = Messages.newCipher();
        decryptor.init(Cipher.DECRYPT_MODE, key.decryptionKey(), Messages.reading(suite).encryptionContext(expected).build());
        assertArrayEquals(plaintext, decryptor.doFinal(message));

        AlgorithmParameters parameters = decryptor.getParameters();
        assertNotNull(parameters, "no parameters after a decryption");
        EnvelopeParameterSpec read = parameters.getParameterSpec(EnvelopeParameterSpec.class);
        ParsedCiphertext header = new ParsedCiphertext(message);

        assertEquals(suite, read.algorithmSuite());
        assertEquals(frameLength, read.frameLength());
        assertEquals(header.getEncryptionContextMap(), read.encryptionContext(), "the stored context, all of it");
        Map<String, String> withoutPublicKey = new HashMap<>(read.encryptionContext());
        assertEquals(suite.isSigning(), withoutPublicKey.remove(PUBLIC_KEY_ENTRY) != null);
        assertEquals(context, withoutPublicKey);
        assertTrue(read.messageId().isPresent(), "no message ID after a decryption");
        assertArrayEquals(header.getMessageId(), read.messageId().get());
    }

    @Provide
    Arbitrary<AlgorithmSuite> suites() {
        return EnvelopeArbitraries.suites();
    }

    @Provide
    Arbitrary<Map<String, String>> contexts() {
        return EnvelopeArbitraries.contexts();
    }
}
