package org.envelopejca.properties;

import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.properties.EnvelopeArbitraries.Sizing;

/**
 * A changed message never decrypts: any single flipped bit, any truncation, any appended bytes. Decryption fails
 * with AEADBadTagException or MalformedMessageException and returns no plaintext.
 */
class TamperProperties {

    /** Each of the 11 suites once (jqwik enumerates an enum exhaustively when tries allow). */
    @Property(tries = 11)
    void everySingleBitFlipIsRejected(@ForAll AlgorithmSuite suite) throws Exception {
        SmallMessage small = SmallMessage.of(suite, suite.id());
        byte[] message = small.message();
        FrameLayout layout = FrameLayout.of(message);
        for (int index = 0; index < message.length; index++) {
            // In the footer one bit per byte: each flip there costs a full signature verification.
            boolean inFooter = index >= layout.footerOffset();
            for (int bit = inFooter ? index % 8 : 0; bit < (inFooter ? index % 8 + 1 : 8); bit++) {
                byte[] tampered = message.clone();
                tampered[index] ^= (byte) (1 << bit);
                Rejections.assertDecryptionRejected(small.key(), small.readSpec(), tampered,
                        small + ": bit " + bit + " of byte " + index + " (" + region(layout, index) + ")");
            }
        }
    }

    @Property(tries = 11)
    void everyTruncationIsRejected(@ForAll AlgorithmSuite suite) throws Exception {
        SmallMessage small = SmallMessage.of(suite, suite.id() + 7);
        byte[] message = small.message();
        for (int length = 0; length < message.length; length++) {
            Rejections.assertDecryptionRejected(small.key(), small.readSpec(), Arrays.copyOf(message, length),
                    small + ": truncated to " + length + " bytes");
        }
    }

    @Property(tries = 150)
    void aFlippedBitInALargerMessageIsRejected(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("suites") AlgorithmSuite suite, @ForAll("keys") TestKey key,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position) throws Exception {
        EnvelopeParameterSpec readSpec = key.applyTo(Messages.reading(suite)).build();
        byte[] message = Messages.encrypt(key.encryptionKey(),
                key.applyTo(Messages.writing(suite)).frameLength(sizing.frameLength()).build(),
                Messages.plaintext(seed, sizing.plaintextLength()));
        int bitIndex = (int) (Integer.toUnsignedLong(position) % (8L * message.length));
        message[bitIndex / 8] ^= (byte) (1 << (bitIndex % 8));
        Rejections.assertDecryptionRejected(key.decryptionKey(), readSpec, message,
                "bit " + bitIndex % 8 + " of byte " + bitIndex / 8 + " of " + message.length);
    }

    @Property(tries = 80)
    void aTruncatedLargerMessageIsRejected(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("suites") AlgorithmSuite suite, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cut)
            throws Exception {
        TestKey key = TestKey.aes(new SecretKeySpec(Messages.plaintext(~seed, 32), "AES"));
        byte[] message = Messages.encrypt(key.encryptionKey(),
                Messages.writing(suite).frameLength(sizing.frameLength()).build(),
                Messages.plaintext(seed, sizing.plaintextLength()));
        int length = cut % message.length;
        Rejections.assertDecryptionRejected(key.decryptionKey(), Messages.reading(suite).build(),
                Arrays.copyOf(message, length), "truncated to " + length + " of " + message.length + " bytes");
    }

    @Property(tries = 60)
    void appendedBytesAreRejected(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("suites") AlgorithmSuite suite, @ForAll @IntRange(min = 1, max = 200) int extra,
            @ForAll boolean appendAWholeMessage) throws Exception {
        TestKey key = TestKey.aes(new SecretKeySpec(Messages.plaintext(~seed, 32), "AES"));
        EnvelopeParameterSpec writeSpec = Messages.writing(suite).frameLength(sizing.frameLength()).build();
        byte[] message = Messages.encrypt(key.encryptionKey(), writeSpec, Messages.plaintext(seed, sizing.plaintextLength()));
        byte[] trailer = appendAWholeMessage
                ? Messages.encrypt(key.encryptionKey(), writeSpec, Messages.plaintext(seed + 1, extra))
                : Messages.plaintext(seed + 2, extra);
        byte[] extended = Arrays.copyOf(message, message.length + trailer.length);
        System.arraycopy(trailer, 0, extended, message.length, trailer.length);
        Rejections.assertDecryptionRejected(key.decryptionKey(), Messages.reading(suite).build(), extended,
                (appendAWholeMessage ? "a second message" : extra + " bytes") + " appended");
    }

    @Property(tries = 20)
    void aNonCommittingMessageIsRefusedWhenCommitmentIsRequiredOnDecrypt(@ForAll("v1Suites") AlgorithmSuite suite,
            @ForAll long seed) throws Exception {
        SmallMessage small = SmallMessage.of(suite, seed);
        EnvelopeParameterSpec strict = EnvelopeParameterSpec.builder()
                .encryptionContext(SmallMessage.CONTEXT).build(); // REQUIRE_ENCRYPT_REQUIRE_DECRYPT by default
        Rejections.assertDecryptionRejected(small.key(), strict, small.message(), suite + " under the default policy");
    }

    static String region(FrameLayout layout, int index) {
        if (index < layout.headerLength()) {
            return "header";
        }
        if (index >= layout.footerOffset()) {
            return "footer";
        }
        FrameLayout.Frame frame = layout.frameAt(index);
        return (frame.isFinal() ? "final frame" : "frame " + (layout.frames().indexOf(frame) + 1))
                + " +" + (index - frame.offset());
    }

    @Provide
    Arbitrary<Sizing> sizings() {
        return EnvelopeArbitraries.sizings(EnvelopeArbitraries.frameLengths(), 20_000);
    }

    @Provide
    Arbitrary<AlgorithmSuite> suites() {
        return EnvelopeArbitraries.suites();
    }

    @Provide
    Arbitrary<AlgorithmSuite> v1Suites() {
        return EnvelopeArbitraries.suites().filter(s -> !s.isCommitting());
    }

    @Provide
    Arbitrary<TestKey> keys() {
        return TestKey.any();
    }
}
