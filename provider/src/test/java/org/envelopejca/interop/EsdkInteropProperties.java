package org.envelopejca.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.ParsedCiphertext;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.WrappingKey;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.properties.Chunking;
import org.envelopejca.properties.EnvelopeArbitraries;
import org.envelopejca.properties.EnvelopeArbitraries.Sizing;
import org.envelopejca.properties.Messages;

/**
 * Byte compatibility with the AWS Encryption SDK for Java 2.4.1, both ways, for every suite (v1 suites under the
 * policies that allow them), frame lengths from 1 byte to the default, plaintexts around exact frame multiples,
 * empty and Unicode encryption contexts, raw AES (128/192/256) and raw RSA (OAEP-SHA1, OAEP-SHA256, PKCS1) keys;
 * also the ESDK's non-framed messages, and both sides with nothing configured.
 */
class EsdkInteropProperties {

    private static final String PUBLIC_KEY_ENTRY = "aws-crypto-public-key";

    @Property(tries = 100)
    void ourMessagesDecryptWithTheEsdk(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("contexts") Map<String, String> context, @ForAll("suites") AlgorithmSuite suite,
            @ForAll("keys") InteropKey key) throws Exception {
        collectStatistics(sizing, suite, key);
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
            @ForAll("keys") InteropKey key, @ForAll boolean expectTheContext) throws Exception {
        collectStatistics(sizing, suite, key);
        byte[] plaintext = Messages.plaintext(seed, sizing.plaintextLength());
        byte[] message = Esdk.writer(suite, sizing.frameLength())
                .encryptData(key.esdkMasterKey(), plaintext, context).getResult();

        Cipher decryptor = Messages.newCipher();
        decryptor.init(Cipher.DECRYPT_MODE, key.decryptionKey(),
                key.applyTo(Messages.reading(suite)).encryptionContext(expectTheContext ? context : Map.of()).build());
        assertArrayEquals(plaintext, decryptor.doFinal(message));
        assertArrayEquals(plaintext, Chunking.process(decryptor, message, seed, 1 + (int) Math.floorMod(seed, 5000L)),
                "the same message read through update() in chunks");

        EnvelopeParameterSpec read = decryptor.getParameters().getParameterSpec(EnvelopeParameterSpec.class);
        ParsedCiphertext header = new ParsedCiphertext(message);
        assertEquals(suite, read.algorithmSuite());
        assertEquals(sizing.frameLength(), read.frameLength());
        assertEquals(header.getEncryptionContextMap(), read.encryptionContext());
        assertArrayEquals(header.getMessageId(), read.messageId().orElseThrow());
    }

    /** The ESDK still writes non-framed messages when asked (frame size 0); every reader must read them. */
    @Property(tries = 30)
    void esdkNonFramedMessagesDecryptWithOurs(@ForAll @IntRange(min = 0, max = 70_000) int length, @ForAll long seed,
            @ForAll("contexts") Map<String, String> context, @ForAll("suites") AlgorithmSuite suite,
            @ForAll("keys") InteropKey key, @ForAll @IntRange(min = 1, max = 9000) int maxChunk) throws Exception {
        byte[] plaintext = Messages.plaintext(seed, length);
        byte[] message = Esdk.writer(suite, 0).encryptData(key.esdkMasterKey(), plaintext, context).getResult();
        assertEquals(0, new ParsedCiphertext(message).getFrameLength(), "the ESDK wrote a non-framed message");

        Cipher decryptor = Messages.newCipher();
        decryptor.init(Cipher.DECRYPT_MODE, key.decryptionKey(),
                key.applyTo(Messages.reading(suite)).encryptionContext(context).build());
        assertArrayEquals(plaintext, decryptor.doFinal(message));
        assertArrayEquals(plaintext, Chunking.process(decryptor, message, seed, maxChunk));
    }

    /** With no parameters at all both sides agree on the defaults: suite 0x0478, names "envelope"/"default". */
    @Example
    void defaultsInteroperate() throws Exception {
        SecretKeySpec key = new SecretKeySpec(Messages.plaintext(5, 32), "AES");
        JceMasterKey esdkKey = JceMasterKey.getInstance(key, WrappingKey.DEFAULT_NAMESPACE, WrappingKey.DEFAULT_NAME,
                "AES/GCM/NoPadding");
        byte[] plaintext = Messages.plaintext(6, 200_000);

        Cipher encryptor = Messages.newCipher();
        encryptor.init(Cipher.ENCRYPT_MODE, key);
        byte[] ours = encryptor.doFinal(plaintext);
        CryptoResult<byte[], JceMasterKey> read = AwsCrypto.standard().decryptData(esdkKey, ours);
        assertArrayEquals(plaintext, read.getResult());
        assertEquals(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY, read.getCryptoAlgorithm());
        assertEquals(EnvelopeParameterSpec.DEFAULT_FRAME_LENGTH, read.getHeaders().getFrameLength());

        byte[] theirs = AwsCrypto.standard().encryptData(esdkKey, plaintext).getResult();
        Cipher decryptor = Messages.newCipher();
        decryptor.init(Cipher.DECRYPT_MODE, key);
        assertArrayEquals(plaintext, decryptor.doFinal(theirs));
    }

    /**
     * The raw AES keyring binds the serialized context to the data key, so both sides must sort entries the same
     * way: by unsigned UTF-8 bytes (spec data-format/message-header.md), which differs from UTF-16 String order.
     */
    @Example
    void contextsWhoseUtf8AndUtf16OrdersDifferInteroperate() throws Exception {
        AlgorithmSuite suite = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
        InteropKey key = InteropKey.of(InteropKey.Kind.AES_256, 9, "ns", "name");
        Map<String, String> context = EnvelopeArbitraries.ORDER_SENSITIVE_CONTEXT;
        byte[] plaintext = Messages.plaintext(10, 1000);

        byte[] ours = Messages.encrypt(key.encryptionKey(), key.applyTo(Messages.writing(suite)).encryptionContext(context)
                .build(), plaintext);
        assertArrayEquals(plaintext, Esdk.reader(suite).decryptData(key.esdkMasterKey(), ours).getResult());

        byte[] theirs = Esdk.writer(suite, 4096).encryptData(key.esdkMasterKey(), plaintext, context).getResult();
        assertArrayEquals(plaintext, Messages.decrypt(key.decryptionKey(),
                key.applyTo(Messages.reading(suite)).encryptionContext(context).build(), theirs));
        assertArrayEquals(new ParsedCiphertext(theirs).getEncryptionContext(), new ParsedCiphertext(ours).getEncryptionContext(),
                "both sides serialize the context to the same bytes");
    }

    /** Shows in the report that the cases named in the class comment are generated. */
    private static void collectStatistics(Sizing sizing, AlgorithmSuite suite, InteropKey key) {
        int frames = sizing.plaintextLength() / sizing.frameLength();
        int rest = sizing.plaintextLength() % sizing.frameLength();
        Statistics.label("plaintext").collect(sizing.plaintextLength() == 0 ? "empty"
                : rest == 0 ? "exact multiple of the frame" : frames == 0 ? "under one frame" : "frames and a rest");
        Statistics.label("frame length").collect(sizing.frameLength() <= 100 ? "1..100"
                : sizing.frameLength() == EnvelopeParameterSpec.DEFAULT_FRAME_LENGTH ? "default" : "101..5000");
        Statistics.label("suite").collect(suite.isCommitting() ? suite.toString() : "v1");
        Statistics.label("key").collect(key.kind());
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
