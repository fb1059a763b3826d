package org.envelopejca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.message.CommitmentPolicy;
import org.envelopejca.message.FrameGeometry;
import org.envelopejca.message.MessageHeader;
import org.envelopejca.properties.Messages;
import org.envelopejca.range.RecordingChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The range decryptor's channel: key zeroing, failure, read-only use, KMS keys, memory, AAD and context checks. */
class DecryptedMessageChannelTest {
    private static final SecretKey KEY = new SecretKeySpec(Messages.plaintext(1, 32), "AES");
    private static final int FRAME = 1000;
    private static final byte[] PLAINTEXT = Messages.plaintext(2, 10 * FRAME + 123);

    @TempDir
    Path dir;

    private static byte[] message(EnvelopeParameterSpec.Builder spec) throws Exception {
        return Messages.encrypt(KEY, spec.frameLength(FRAME).build(), PLAINTEXT);
    }

    @Test
    void closingZeroesTheKeyAndLeavesTheSourceOpen() throws Exception {
        RecordingChannel source = new RecordingChannel(message(EnvelopeParameterSpec.builder()));
        DecryptedMessageChannel channel = EnvelopeRangeDecryptor.of(KEY, EnvelopeParameterSpec.defaults()).open(source);
        ByteBuffer b = ByteBuffer.allocate(10);
        channel.position(5 * FRAME).read(b);
        assertArrayEquals(Arrays.copyOfRange(PLAINTEXT, 5 * FRAME, 5 * FRAME + 10), b.array());
        assertFalse(channel.keyDestroyed());

        channel.close();

        assertTrue(channel.keyDestroyed(), "the data key is zeroed at close");
        assertThrows(ClosedChannelException.class, () -> channel.read(ByteBuffer.allocate(1)));
        assertTrue(source.isOpen(), "the caller's channel stays open");
    }

    @Test
    void aFrameThatFailsFailsTheChannelAndZeroesTheKey() throws Exception {
        byte[] message = message(EnvelopeParameterSpec.builder());
        long headerLength = MessageHeader.read(new ByteArrayInputStream(message), 16).length();
        FrameGeometry g = FrameGeometry.of(headerLength, FRAME, message.length - headerLength);
        message[(int) g.frameOffset(4) + 100] ^= 1;
        try (DecryptedMessageChannel channel = EnvelopeRangeDecryptor.of(KEY, EnvelopeParameterSpec.defaults())
                .open(new RecordingChannel(message))) {
            channel.position(2 * FRAME).read(ByteBuffer.allocate(FRAME)); // frame 3: fine
            ByteBuffer into = ByteBuffer.allocate(2 * FRAME);
            EnvelopeDecryptionException e = assertThrows(EnvelopeDecryptionException.class, () -> channel.read(into));
            assertInstanceOf(AEADBadTagException.class, e.getCause());
            assertTrue(e.getMessage().contains("frame 4"), e.getMessage());
            assertTrue(channel.keyDestroyed(), "the data key is zeroed at the first failure");
            channel.position(0);
            assertThrows(EnvelopeDecryptionException.class, () -> channel.read(ByteBuffer.allocate(1)),
                    "a failed channel stays failed");
        }
    }

    @Test
    void aFrameIsReadOnlyAtItsOwnPlaceWithItsOwnSequenceNumber() throws Exception {
        byte[] message = message(EnvelopeParameterSpec.builder());
        long headerLength = MessageHeader.read(new ByteArrayInputStream(message), 16).length();
        FrameGeometry g = FrameGeometry.of(headerLength, FRAME, message.length - headerLength);
        int third = (int) g.frameOffset(3);
        int size = g.frameSize(3);

        byte[] renumbered = message.clone();
        renumbered[third + 3] ^= 1; // the sequence number field (not in the AAD, which takes the number from the place)
        AEADBadTagException e = assertThrows(AEADBadTagException.class, () -> EnvelopeRangeDecryptor.of(KEY,
                EnvelopeParameterSpec.defaults()).decrypt(new RecordingChannel(renumbered), 2 * FRAME, 1));
        assertTrue(e.getMessage().contains("where frame 3 belongs"), e.getMessage());

        byte[] swapped = message.clone();
        System.arraycopy(message, third + size, swapped, third, size);
        System.arraycopy(message, third, swapped, third + size, size);
        assertThrows(AEADBadTagException.class, () -> EnvelopeRangeDecryptor.of(KEY, EnvelopeParameterSpec.defaults())
                .decrypt(new RecordingChannel(swapped), 2 * FRAME, 1), "frames 3 and 4 swapped");

        byte[] noFinal = message.clone();
        int last = (int) g.frameOffset(g.frames());
        noFinal[last] ^= 1; // the end marker: the final frame is not where the length says
        AEADBadTagException end = assertThrows(AEADBadTagException.class, () -> EnvelopeRangeDecryptor.of(KEY,
                EnvelopeParameterSpec.defaults()).decrypt(new RecordingChannel(noFinal), 0, 1));
        assertTrue(end.getMessage().contains("cut or extended"), end.getMessage());
    }

    @Test
    void theChannelIsReadOnlyAndEndsAtThePlaintextLength() throws Exception {
        try (DecryptedMessageChannel channel = EnvelopeRangeDecryptor.of(KEY, EnvelopeParameterSpec.defaults())
                .open(new RecordingChannel(message(EnvelopeParameterSpec.builder())))) {
            assertEquals(PLAINTEXT.length, channel.size());
            assertThrows(NonWritableChannelException.class, () -> channel.write(ByteBuffer.allocate(1)));
            assertThrows(NonWritableChannelException.class, () -> channel.truncate(0));
            assertEquals(-1, channel.position(PLAINTEXT.length + 5L).read(ByteBuffer.allocate(1)));
            assertEquals(FRAME, channel.parameters().frameLength());
            assertEquals(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, channel.parameters().algorithmSuite());
        }
    }

    @Test
    void theExpectedContextAndTheAadAreCheckedAsByTheCipher() throws Exception {
        Cipher cipher = Messages.newCipher();
        cipher.init(Cipher.ENCRYPT_MODE, KEY, EnvelopeParameterSpec.builder().frameLength(FRAME)
                .encryptionContext(Map.of("tenant", "a")).build());
        cipher.updateAAD("bound".getBytes(StandardCharsets.UTF_8));
        byte[] message = cipher.doFinal(PLAINTEXT);

        EnvelopeParameterSpec right = EnvelopeParameterSpec.builder().encryptionContext(Map.of("tenant", "a")).build();
        EnvelopeParameterSpec wrong = EnvelopeParameterSpec.builder().encryptionContext(Map.of("tenant", "b")).build();
        assertArrayEquals(Arrays.copyOfRange(PLAINTEXT, 10, 20), EnvelopeRangeDecryptor.builder(KEY).parameters(right)
                .aad("bound".getBytes(StandardCharsets.UTF_8)).build().decrypt(new RecordingChannel(message), 10, 10));
        assertThrows(AEADBadTagException.class, () -> EnvelopeRangeDecryptor.of(KEY, right)
                .decrypt(new RecordingChannel(message), 10, 10), "without the AAD");
        assertThrows(AEADBadTagException.class, () -> EnvelopeRangeDecryptor.builder(KEY).parameters(wrong)
                .aad("bound".getBytes(StandardCharsets.UTF_8)).build().decrypt(new RecordingChannel(message), 10, 10),
                "another context value");
        assertThrows(DataKeyUnavailableException.class, () -> EnvelopeRangeDecryptor.of(
                new SecretKeySpec(new byte[32], "AES"), right).decrypt(new RecordingChannel(message), 10, 10));
    }

    @Test
    void theCommitmentPolicyIsTheCiphers() throws Exception {
        byte[] v1 = message(EnvelopeParameterSpec.builder().algorithmSuite(AlgorithmSuite.AES_256_GCM_IV12_TAG16_HKDF_SHA256)
                .commitmentPolicy(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT));
        assertThrows(MalformedMessageException.class, () -> EnvelopeRangeDecryptor.of(KEY,
                EnvelopeParameterSpec.defaults()).decrypt(new RecordingChannel(v1), 0, 1));
        assertArrayEquals(Arrays.copyOf(PLAINTEXT, 1), EnvelopeRangeDecryptor.of(KEY, EnvelopeParameterSpec.builder()
                .commitmentPolicy(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT).build())
                .decrypt(new RecordingChannel(v1), 0, 1));
    }

    @Test
    void aKmsKeyUnwrapsOncePerOpenAndTheStoresCacheServesTheNext() throws Exception {
        KeyStore store = KeyStore.getInstance("KMS", Messages.PROVIDER);
        String props = "kms=local\nlocal.path=" + dir.resolve("kms").toString().replace("\\", "\\\\") + "\n";
        store.load(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)), null);
        store.setKeyEntry("range", KeyGenerator.getInstance("KMS", Messages.PROVIDER).generateKey(), null, null);
        KmsKey key = (KmsKey) store.getKey("range", null);
        byte[] message = Messages.encrypt(key, EnvelopeParameterSpec.builder().frameLength(FRAME).build(), PLAINTEXT);
        long before = key.engine().cache().stats().keyringCalls();

        EnvelopeRangeDecryptor decryptor = EnvelopeRangeDecryptor.of(key, EnvelopeParameterSpec.defaults());
        try (DecryptedMessageChannel channel = decryptor.open(new RecordingChannel(message))) {
            ByteBuffer b = ByteBuffer.allocate(3 * FRAME);
            channel.position(4 * FRAME + 7).read(b);
            assertArrayEquals(Arrays.copyOfRange(PLAINTEXT, 4 * FRAME + 7, 7 * FRAME + 7), b.array());
        }
        assertEquals(before + 1, key.engine().cache().stats().keyringCalls(), "one KMS Decrypt for the open");
        assertArrayEquals(Arrays.copyOfRange(PLAINTEXT, 9 * FRAME, 9 * FRAME + 50),
                decryptor.decrypt(new RecordingChannel(message), 9 * FRAME, 50));
        assertEquals(before + 1, key.engine().cache().stats().keyringCalls(), "the next open is a cache hit");
    }

    /**
     * Memory is one frame, not the message: reading a range from a 32 MiB message allocates about what reading it from
     * a 1 MiB message does (the JVM's own per-thread allocation counter; no timing involved).
     */
    @Test
    void memoryIsBoundedByTheFrameNotTheMessage() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] allocated = new long[2];
        int[] sizes = {1 << 20, 32 << 20};
        for (int round = 0; round < 3; round++) { // the first round warms up class loading
            for (int i = 0; i < sizes.length; i++) {
                Path file = dir.resolve("m" + i);
                if (!Files.exists(file)) {
                    Files.write(file, Messages.encrypt(KEY, EnvelopeParameterSpec.defaults(), new byte[sizes[i]]));
                }
                try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
                    long start = threads.getCurrentThreadAllocatedBytes();
                    byte[] part = EnvelopeRangeDecryptor.of(KEY, EnvelopeParameterSpec.defaults())
                            .decrypt(source, sizes[i] / 2, 4096);
                    allocated[i] = threads.getCurrentThreadAllocatedBytes() - start;
                    assertArrayEquals(new byte[4096], part);
                }
            }
        }
        int frame = EnvelopeParameterSpec.DEFAULT_FRAME_LENGTH;
        assertTrue(allocated[1] < 8L * frame, "a range of a 32 MiB message allocated " + allocated[1] + " bytes");
        assertTrue(allocated[1] < allocated[0] + frame, "32 MiB: " + allocated[1] + " bytes, 1 MiB: " + allocated[0]);
    }
}
