package org.envelopejca.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.encryptionsdk.ParsedCiphertext;
import java.security.AlgorithmParameters;
import java.util.Arrays;
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
 * The AlgorithmParameters "Envelope" in the usual JCA idioms: an encryptor's parameters initialise a decryptor,
 * or another encryptor, their encoding round-trips, and a reported message ID never fixes the ID of a later message.
 */
class AlgorithmParametersProperties {

    private static final String PUBLIC_KEY_ENTRY = "aws-crypto-public-key";

    @Property(tries = 40)
    void anEncryptorsParametersInitialiseADecryptor(@ForAll("suites") AlgorithmSuite suite,
            @ForAll("contexts") Map<String, String> context, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 3000) int length) throws Exception {
        SecretKeySpec key = new SecretKeySpec(Messages.plaintext(~seed, 32), "AES");
        byte[] plaintext = Messages.plaintext(seed, length);
        Cipher encryptor = Messages.newCipher();
        encryptor.init(Cipher.ENCRYPT_MODE, key, Messages.writing(suite).frameLength(100).encryptionContext(context).build());
        byte[] message = encryptor.doFinal(plaintext);

        Cipher decryptor = Messages.newCipher();
        decryptor.init(Cipher.DECRYPT_MODE, key, encryptor.getParameters());
        assertArrayEquals(plaintext, decryptor.doFinal(message));
    }

    @Property(tries = 40)
    void encodedParametersRoundTrip(@ForAll("suites") AlgorithmSuite suite,
            @ForAll("contexts") Map<String, String> context, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 100_000) int frameLength) throws Exception {
        SecretKeySpec key = new SecretKeySpec(Messages.plaintext(~seed, 32), "AES");
        byte[] message = Messages.encrypt(key, Messages.writing(suite).frameLength(frameLength).encryptionContext(context)
                .build(), Messages.plaintext(seed, 10));
        Cipher decryptor = Messages.newCipher();
        decryptor.init(Cipher.DECRYPT_MODE, key, Messages.reading(suite).build());
        decryptor.doFinal(message);
        AlgorithmParameters reported = decryptor.getParameters();

        AlgorithmParameters decoded = AlgorithmParameters.getInstance("Envelope", Messages.PROVIDER);
        decoded.init(reported.getEncoded());
        EnvelopeParameterSpec original = reported.getParameterSpec(EnvelopeParameterSpec.class);
        EnvelopeParameterSpec copy = decoded.getParameterSpec(EnvelopeParameterSpec.class);
        assertEquals(original.algorithmSuite(), copy.algorithmSuite());
        assertEquals(original.frameLength(), copy.frameLength());
        assertEquals(original.encryptionContext(), copy.encryptionContext());
        assertArrayEquals(original.messageId().orElseThrow(), copy.messageId().orElseThrow());
        assertArrayEquals(new ParsedCiphertext(message).getMessageId(), copy.messageId().orElseThrow());
    }

    /**
     * The JCA idiom of configuring a Cipher like another: the parameters an encryptor reports initialise a new
     * encryptor. (For signing suites they hold the reserved {@code aws-crypto-public-key} context entry that the
     * provider itself added.)
     */
    @Property(tries = 20)
    void anEncryptorsParametersInitialiseAnotherEncryptor(@ForAll("suites") AlgorithmSuite suite,
            @ForAll("contexts") Map<String, String> context, @ForAll long seed) throws Exception {
        SecretKeySpec key = new SecretKeySpec(Messages.plaintext(~seed, 32), "AES");
        Cipher first = Messages.newCipher();
        first.init(Cipher.ENCRYPT_MODE, key, Messages.writing(suite).encryptionContext(context).build());
        first.doFinal(Messages.plaintext(seed, 50));

        Cipher second = Messages.newCipher();
        second.init(Cipher.ENCRYPT_MODE, key, first.getParameters());
        byte[] plaintext = Messages.plaintext(seed + 1, 50);
        byte[] message = second.doFinal(plaintext);
        assertArrayEquals(plaintext, Messages.decrypt(key, Messages.reading(suite).encryptionContext(context).build(),
                message));
    }

    /** A message ID must never repeat: one found in the parameters given to init is ignored. */
    @Property(tries = 20)
    void reportedParametersDoNotFixTheNextMessageId(@ForAll("suites") AlgorithmSuite suite, @ForAll long seed)
            throws Exception {
        SecretKeySpec key = new SecretKeySpec(Messages.plaintext(~seed, 32), "AES");
        Cipher first = Messages.newCipher();
        first.init(Cipher.ENCRYPT_MODE, key, Messages.writing(suite).build());
        byte[] m1 = first.doFinal(Messages.plaintext(seed, 50));
        EnvelopeParameterSpec reported = first.getParameters().getParameterSpec(EnvelopeParameterSpec.class);
        assertArrayEquals(new ParsedCiphertext(m1).getMessageId(), reported.messageId().orElseThrow());

        // The reported spec with its message ID, minus the context entry a signing suite adds by itself.
        Map<String, String> context = new HashMap<>(reported.encryptionContext());
        context.remove(PUBLIC_KEY_ENTRY);
        Cipher second = Messages.newCipher();
        second.init(Cipher.ENCRYPT_MODE, key, reported.toBuilder().encryptionContext(context).build());
        byte[] m2 = second.doFinal(Messages.plaintext(seed, 50));
        assertFalse(Arrays.equals(new ParsedCiphertext(m1).getMessageId(), new ParsedCiphertext(m2).getMessageId()),
                "a message ID was reused from the parameters");
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
