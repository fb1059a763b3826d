package org.envelopejca.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.ParsedCiphertext;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.properties.EnvelopeArbitraries;
import org.envelopejca.properties.EnvelopeArbitraries.Sizing;
import org.envelopejca.properties.Messages;

/**
 * Byte compatibility with the AWS Encryption SDK for Java 2.4.1, both ways, for every suite (v1 suites under the
 * policies that allow them), frame lengths from 1 byte to the default, plaintexts around exact frame multiples,
 * empty and Unicode encryption contexts, raw AES (128/192/256) and raw RSA (OAEP-SHA1, OAEP-SHA256, PKCS1) keys.
 */
class EsdkInteropProperties {

    private static final String PUBLIC_KEY_ENTRY = "aws-crypto-public-key";

    @Property(tries = 100)
    void ourMessagesDecryptWithTheEsdk(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("contexts") Map<String, String> context, @ForAll("suites") AlgorithmSuite suite,
            @ForAll("keys") InteropKey key) throws Exception {
        byte[] plaintext = Messages.plaintext(seed, sizing.plaintextLength());
        byte[] message = Messages.encrypt(key.encryptionKey(), key.applyTo(Messages.writing(suite))
                .frameLength(sizing.frameLength()).encryptionContext(context).build(), plaintext);

        CryptoResult<byte[], JceMasterKey> result = Esdk.reader(suite).decryptData(key.esdkMasterKey(), message);

        assertArrayEquals(plaintext, result.getResult());
        assertEquals(Esdk.algorithm(suite), result.getCryptoAlgorithm());
        assertEquals(sizing.frameLength(), result.getHeaders().getFrameLength());
        Map<String, String> stored = new HashMap<>(result.getEncryptionContext());
        assertEquals(suite.isSigning(), stored.remove(PUBLIC_KEY_ENTRY) != null,
                "the signature public key is in the context exactly when the suite signs");
        assertEquals(context, stored);
    }

    @Property(tries = 100)
    void esdkMessagesDecryptWithOurs(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("contexts") Map<String, String> context, @ForAll("suites") AlgorithmSuite suite,
            @ForAll("keys") InteropKey key) throws Exception {
        byte[] plaintext = Messages.plaintext(seed, sizing.plaintextLength());
        byte[] message = Esdk.writer(suite, sizing.frameLength())
                .encryptData(key.esdkMasterKey(), plaintext, context).getResult();

        Cipher decryptor = Messages.newCipher();
        decryptor.init(Cipher.DECRYPT_MODE, key.decryptionKey(),
                key.applyTo(Messages.reading(suite)).encryptionContext(context).build());
        assertArrayEquals(plaintext, decryptor.doFinal(message));

        EnvelopeParameterSpec read = decryptor.getParameters().getParameterSpec(EnvelopeParameterSpec.class);
        ParsedCiphertext header = new ParsedCiphertext(message);
        assertEquals(suite, read.algorithmSuite());
        assertEquals(sizing.frameLength(), read.frameLength());
        assertEquals(header.getEncryptionContextMap(), read.encryptionContext());
        assertArrayEquals(header.getMessageId(), read.messageId().orElseThrow());
    }

    @Provide
    Arbitrary<Sizing> sizings() {
        return EnvelopeArbitraries.sizings(EnvelopeArbitraries.frameLengths(), 300_000);
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
    Arbitrary<InteropKey> keys() {
        return InteropKey.any();
    }
}
