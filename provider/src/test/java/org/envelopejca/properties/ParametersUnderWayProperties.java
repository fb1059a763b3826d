package org.envelopejca.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.encryptionsdk.ParsedCiphertext;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
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
 * {@code getParameters()} reports the message ID "after [the Cipher] wrote or read a message header"
 * (EnvelopeParameterSpec.messageId): once the header of a second message has passed through {@code update}, the
 * parameters describe that message, not the one before.
 */
class ParametersUnderWayProperties {

    @Property(tries = 30)
    void anEncryptorReportsTheMessageWhoseHeaderItWrote(@ForAll("suites") AlgorithmSuite suite, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 3000) int length) throws Exception {
        SecretKeySpec key = new SecretKeySpec(Messages.plaintext(~seed, 32), "AES");
        Cipher encryptor = Messages.newCipher();
        encryptor.init(Cipher.ENCRYPT_MODE, key, Messages.writing(suite).frameLength(128).build());
        byte[] first = encryptor.doFinal(Messages.plaintext(seed, length));
        assertArrayEquals(messageId(first), reportedId(encryptor), "after the first message");

        byte[] plaintext = Messages.plaintext(seed + 1, length);
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        second.writeBytes(encryptor.update(plaintext, 0, length));   // writes the header (and whole frames)
        byte[] reportedDuring = reportedId(encryptor);
        second.writeBytes(encryptor.doFinal());
        byte[] secondId = messageId(second.toByteArray());
        assertArrayEquals(secondId, reportedDuring, "while the second message is written, after its header: "
                + "reported " + hex(reportedDuring) + ", first message " + hex(messageId(first)));
        assertArrayEquals(secondId, reportedId(encryptor), "after the second message");
    }

    @Property(tries = 30)
    void aDecryptorReportsTheMessageWhoseHeaderItRead(@ForAll("suites") AlgorithmSuite suite, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 3000) int length) throws Exception {
        SecretKeySpec key = new SecretKeySpec(Messages.plaintext(~seed, 32), "AES");
        Map<String, String> firstContext = Map.of("message", "first");
        Map<String, String> secondContext = Map.of("message", "second");
        EnvelopeParameterSpec.Builder writing = Messages.writing(suite).frameLength(128);
        byte[] first = Messages.encrypt(key, writing.encryptionContext(firstContext).build(), Messages.plaintext(seed, length));
        byte[] second = Messages.encrypt(key, writing.encryptionContext(secondContext).build(), Messages.plaintext(seed, length));

        Cipher decryptor = Messages.newCipher();
        decryptor.init(Cipher.DECRYPT_MODE, key, Messages.reading(suite).build());
        decryptor.doFinal(first);
        assertArrayEquals(messageId(first), reportedId(decryptor), "after the first message");

        int headerLength = FrameLayout.of(second).headerLength();
        decryptor.update(Arrays.copyOf(second, headerLength + 1));
        byte[] reportedDuring = reportedId(decryptor);
        EnvelopeParameterSpec during = decryptor.getParameters().getParameterSpec(EnvelopeParameterSpec.class);
        assertArrayEquals(messageId(second), reportedDuring, "while the second message is read, after its header: "
                + "reported " + hex(reportedDuring) + ", first message " + hex(messageId(first)));
        assertEquals("second", during.encryptionContext().get("message"));
        decryptor.doFinal(second, headerLength + 1, second.length - headerLength - 1);
        assertArrayEquals(messageId(second), reportedId(decryptor), "after the second message");
    }

    private static byte[] reportedId(Cipher cipher) throws Exception {
        EnvelopeParameterSpec spec = cipher.getParameters().getParameterSpec(EnvelopeParameterSpec.class);
        assertTrue(spec.messageId().isPresent(), "no message ID reported");
        return spec.messageId().get();
    }

    private static byte[] messageId(byte[] message) {
        return new ParsedCiphertext(message).getMessageId();
    }

    private static String hex(byte[] id) {
        return HexFormat.of().formatHex(id, 0, Math.min(id.length, 6)) + "...";
    }

    @Provide
    Arbitrary<AlgorithmSuite> suites() {
        return EnvelopeArbitraries.suites();
    }
}
