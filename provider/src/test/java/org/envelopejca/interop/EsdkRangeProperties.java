package org.envelopejca.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeRangeDecryptor;
import org.envelopejca.MalformedMessageException;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.properties.EnvelopeArbitraries;
import org.envelopejca.properties.EnvelopeArbitraries.Sizing;
import org.envelopejca.properties.Messages;
import org.envelopejca.range.RecordingChannel;

/** Messages written by the ESDK for Java read by range: any range gives the ESDK's plaintext bytes. */
class EsdkRangeProperties {

    @Property(tries = 60)
    void anyRangeOfAnEsdkMessageDecrypts(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("contexts") Map<String, String> context, @ForAll("suites") AlgorithmSuite suite,
            @ForAll("keys") InteropKey key, @ForAll long rangeSeed) throws Exception {
        byte[] plaintext = Messages.plaintext(seed, sizing.plaintextLength());
        byte[] message = Esdk.writer(suite, sizing.frameLength())
                .encryptData(key.esdkMasterKey(), plaintext, context).getResult();
        SplittableRandom random = new SplittableRandom(rangeSeed);
        int offset = random.nextInt(plaintext.length + 1);
        int length = random.nextInt(plaintext.length - offset + 2);

        EnvelopeParameterSpec spec = key.applyTo(Messages.reading(suite)).encryptionContext(context).build();
        byte[] got = EnvelopeRangeDecryptor.builder(key.decryptionKey()).parameters(spec)
                .readSignedMessagesWithoutVerifyingSignature().build()
                .decrypt(new RecordingChannel(message), offset, length);

        assertArrayEquals(Arrays.copyOfRange(plaintext, offset, Math.min(plaintext.length, offset + length)), got);
    }

    /** The ESDK writes non-framed messages when asked (frame size 0): one tag over all of it, no range read. */
    @Property(tries = 5)
    void anEsdkNonFramedMessageIsRefusedWithAReason(@ForAll @IntRange(max = 5000) int length, @ForAll long seed,
            @ForAll("keys") InteropKey key) throws Exception {
        AlgorithmSuite suite = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
        byte[] message = Esdk.writer(suite, 0).encryptData(key.esdkMasterKey(), Messages.plaintext(seed, length),
                Map.of()).getResult();
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> EnvelopeRangeDecryptor.of(
                key.decryptionKey(), key.applyTo(Messages.reading(suite)).build()).decrypt(new RecordingChannel(message), 0, 1));
        assertTrue(e.getMessage().contains("non-framed"), e.getMessage());
    }

    @Provide
    Arbitrary<Sizing> sizings() {
        return EnvelopeArbitraries.sizings(EnvelopeArbitraries.frameLengths(), 50_000);
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
