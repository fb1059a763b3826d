package org.envelopejca.range;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.envelopejca.DecryptedMessageChannel;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeRangeDecryptor;
import org.envelopejca.MalformedMessageException;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.message.MessageHeader;
import org.envelopejca.properties.EnvelopeArbitraries;
import org.envelopejca.properties.EnvelopeArbitraries.Sizing;
import org.envelopejca.properties.Messages;
import org.envelopejca.properties.TestKey;

/**
 * A range read gives the bytes a full decryption gives, for any range of any message; it reads only the header,
 * the frames under the range, the final frame (and, signed, the footer); any bit flipped in what it reads is found;
 * a message cut or extended anywhere is refused even when the range is far from its end.
 */
class RangeDecryptionProperties {

    @Property(tries = 150)
    void anyRangeDecryptsToTheBytesOfAFullDecryption(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("suites") AlgorithmSuite suite, @ForAll("keys") TestKey key, @ForAll long rangeSeed)
            throws Exception {
        Case c = Case.of(sizing, seed, suite, key, rangeSeed);
        byte[] full = Messages.decrypt(key.decryptionKey(), c.readSpec, c.ranged.message());
        byte[] expected = Arrays.copyOfRange(full, (int) Math.min(full.length, c.ranged.offset()),
                (int) Math.min(full.length, c.ranged.offset() + c.ranged.length()));

        assertArrayEquals(expected, c.decryptor().decrypt(new RecordingChannel(c.ranged.message()),
                c.ranged.offset(), c.ranged.length()), "decrypt(source, offset, length)");

        // the same bytes through the channel, read in pieces of random sizes, into heap and direct buffers
        SplittableRandom random = new SplittableRandom(rangeSeed);
        try (DecryptedMessageChannel channel = c.decryptor().open(new RecordingChannel(c.ranged.message()))) {
            assertEquals(full.length, channel.size());
            channel.position(c.ranged.offset());
            ByteBuffer got = ByteBuffer.allocate(expected.length);
            while (got.hasRemaining()) {
                int piece = Math.min(got.remaining(), 1 + random.nextInt(Math.max(1, 3 * sizing.frameLength())));
                ByteBuffer dst = random.nextBoolean() ? ByteBuffer.allocate(piece) : ByteBuffer.allocateDirect(piece);
                int n = channel.read(dst);
                assertTrue(n > 0, "a read before the end returns bytes");
                got.put(dst.flip());
            }
            assertArrayEquals(expected, got.array(), "channel reads");
            if (c.ranged.offset() + c.ranged.length() >= full.length) {
                assertEquals(-1, channel.read(ByteBuffer.allocate(1)), "end of stream at the end of the plaintext");
            }
        }
    }

    @Property(tries = 100)
    void onlyTheFramesUnderTheRangeAreRead(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("suites") AlgorithmSuite suite, @ForAll long rangeSeed) throws Exception {
        TestKey key = TestKey.aes(new SecretKeySpec(Messages.plaintext(~seed, 32), "AES"));
        Case c = Case.of(sizing, seed, suite, key, rangeSeed);
        byte[] plaintext = Messages.plaintext(seed, sizing.plaintextLength());
        List<long[]> allowed = c.ranged.mayTouch(suite.isSigning());
        // every frame the read must not touch is garbled: the range still decrypts, so none of it was used
        byte[] garbled = c.ranged.message().clone();
        for (long f = 1; f <= c.ranged.geometry().frames(); f++) {
            long[] frame = c.ranged.frame(f);
            if (!c.ranged.inside(allowed, frame[0], frame[1])) {
                garbled[(int) (frame[0] + frame[1]) / 2] ^= 0x5A;
            }
        }
        RecordingChannel source = new RecordingChannel(garbled);

        byte[] got = c.decryptor().decrypt(source, c.ranged.offset(), c.ranged.length());

        int from = (int) Math.min(plaintext.length, c.ranged.offset());
        assertArrayEquals(Arrays.copyOfRange(plaintext, from, from + c.ranged.expectedLength()), got);
        for (RecordingChannel.Read read : source.reads()) {
            assertTrue(c.ranged.inside(allowed, read.start(), read.end()),
                    "read " + read + " is outside the header, the range's frames, the final frame and the footer");
        }
        // the final frame, verified at open, stays in the one-frame buffer until another frame is read
        List<Long> frames = c.ranged.framesOfTheRange();
        long last = c.ranged.geometry().frames();
        long exact = c.ranged.geometry().headerLength() + c.ranged.geometry().frameSize(last)
                + frames.stream().filter(f -> f != last || frames.size() > 1)
                        .mapToLong(f -> c.ranged.geometry().frameSize(f)).sum();
        assertEquals(exact, source.bytesRead() - footerBytesRead(source, c), "bytes read: header, frames, final frame");
    }

    @Property(tries = 150)
    void anyBitFlipInWhatTheRangeReadsIsFound(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("suites") AlgorithmSuite suite, @ForAll long rangeSeed,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int flip) throws Exception {
        TestKey key = TestKey.aes(new SecretKeySpec(Messages.plaintext(~seed, 32), "AES"));
        Case c = Case.of(sizing, seed, suite, key, rangeSeed);
        // header, the range's frames and the final frame (a signed message's footer is not checked by a range read)
        List<long[]> checked = c.ranged.mayTouch(false);
        long total = checked.stream().mapToLong(p -> p[1] - p[0]).sum();
        long bit = Integer.toUnsignedLong(flip) % (8 * total);
        long at = bit / 8;
        for (long[] p : checked) {
            if (at < p[1] - p[0]) {
                at += p[0];
                break;
            }
            at -= p[1] - p[0];
        }
        byte[] tampered = c.ranged.message().clone();
        tampered[(int) at] ^= (byte) (1 << (bit % 8));
        String where = "bit " + bit % 8 + " of byte " + at + " of " + tampered.length;

        GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
                () -> c.decryptor().decrypt(new RecordingChannel(tampered), c.ranged.offset(), c.ranged.length()), where);
        assertTrue(e instanceof AEADBadTagException || e instanceof MalformedMessageException, where + ": " + e);
    }

    @Property(tries = 100)
    void aMessageCutOrExtendedAnywhereIsRefusedWhateverTheRange(@ForAll("sizings") Sizing sizing, @ForAll long seed,
            @ForAll("suites") AlgorithmSuite suite, @ForAll long rangeSeed, @ForAll int change) throws Exception {
        TestKey key = TestKey.aes(new SecretKeySpec(Messages.plaintext(~seed, 32), "AES"));
        Case c = Case.of(sizing, seed, suite, key, rangeSeed);
        byte[] message = c.ranged.message();
        SplittableRandom random = new SplittableRandom(change);
        byte[] changed;
        if (random.nextBoolean()) {
            changed = Arrays.copyOf(message, random.nextInt(message.length));
        } else {
            changed = Arrays.copyOf(message, message.length + 1 + random.nextInt(300));
            for (int i = message.length; i < changed.length; i++) {
                changed[i] = (byte) random.nextInt(256);
            }
        }
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
                () -> c.decryptor().decrypt(new RecordingChannel(changed), c.ranged.offset(), c.ranged.length()),
                message.length + " bytes made " + changed.length);
        assertTrue(e instanceof AEADBadTagException || e instanceof MalformedMessageException, e.toString());
    }

    @Property(tries = 12)
    void signedMessagesAreRefusedUnlessTheUnverifiedSignatureIsAccepted(@ForAll("signingSuites") AlgorithmSuite suite,
            @ForAll long seed) throws Exception {
        TestKey key = TestKey.aes(new SecretKeySpec(Messages.plaintext(~seed, 32), "AES"));
        byte[] message = Messages.encrypt(key.encryptionKey(), Messages.writing(suite).frameLength(100).build(),
                Messages.plaintext(seed, 1000));
        EnvelopeParameterSpec readSpec = Messages.reading(suite).build();
        RecordingChannel source = new RecordingChannel(message);

        MalformedMessageException refused = assertThrows(MalformedMessageException.class,
                () -> EnvelopeRangeDecryptor.of(key.decryptionKey(), readSpec).open(source));
        assertTrue(refused.getMessage().contains("signed"), refused.getMessage());
        long headerLength = MessageHeader.read(new ByteArrayInputStream(message), 16).length();
        assertTrue(source.reads().stream().allMatch(r -> r.end() <= headerLength), "refused after the header only");

        assertArrayEquals(Arrays.copyOfRange(Messages.plaintext(seed, 1000), 450, 650),
                EnvelopeRangeDecryptor.builder(key.decryptionKey()).parameters(readSpec)
                        .readSignedMessagesWithoutVerifyingSignature().build().decrypt(source, 450, 200));
    }

    /** Bytes read at the end of a signed message to find its footer (the final frame ends before the footer). */
    private static long footerBytesRead(RecordingChannel source, Case c) {
        if (c.ranged.geometry().bodyEnd() == c.ranged.message().length) {
            return 0;
        }
        return source.reads().stream().filter(r -> r.end() == c.ranged.message().length)
                .mapToLong(r -> r.end() - r.start()).sum();
    }

    /** A message of the sizing and suite, a range in it, and the reading spec and decryptor. */
    record Case(RangedMessage ranged, EnvelopeParameterSpec readSpec, TestKey key) {
        static Case of(Sizing sizing, long seed, AlgorithmSuite suite, TestKey key, long rangeSeed) throws Exception {
            byte[] plaintext = Messages.plaintext(seed, sizing.plaintextLength());
            byte[] message = Messages.encrypt(key.encryptionKey(),
                    key.applyTo(Messages.writing(suite)).frameLength(sizing.frameLength()).build(), plaintext);
            SplittableRandom random = new SplittableRandom(rangeSeed);
            int n = plaintext.length;
            int offset = random.nextInt(n + 2);
            int length = random.nextInt(Math.max(1, n - offset + 3));
            return new Case(RangedMessage.of(message, offset, length), key.applyTo(Messages.reading(suite)).build(), key);
        }

        EnvelopeRangeDecryptor decryptor() throws GeneralSecurityException {
            return EnvelopeRangeDecryptor.builder(key.decryptionKey()).parameters(readSpec)
                    .readSignedMessagesWithoutVerifyingSignature().build();
        }
    }

    @Provide
    Arbitrary<Sizing> sizings() {
        return EnvelopeArbitraries.sizings(EnvelopeArbitraries.frameLengths(), 12_000);
    }

    @Provide
    Arbitrary<AlgorithmSuite> suites() {
        return EnvelopeArbitraries.suites();
    }

    @Provide
    Arbitrary<AlgorithmSuite> signingSuites() {
        return Arbitraries.of(AlgorithmSuite.class).filter(AlgorithmSuite::isSigning);
    }

    @Provide
    Arbitrary<TestKey> keys() {
        return TestKey.any();
    }
}
