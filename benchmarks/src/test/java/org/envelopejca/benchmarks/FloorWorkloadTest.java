package org.envelopejca.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.junit.jupiter.api.Test;

/**
 * The floor computes what the format requires: its key derivation, applied to the data key and message ID of a real
 * Envelope message, gives that message's key commitment (so it runs HKDF-SHA512 with the format's salt, inputs and
 * labels, not some cheaper stand-in), and it round-trips its own messages.
 */
class FloorWorkloadTest {
    @Test
    void itsDerivationGivesTheCommitmentOfARealMessage() throws Exception {
        SecretKey key = Inputs.aes256Key();
        Cipher envelope = Cipher.getInstance("Envelope/AES-GCM/NoPadding", new EnvelopeProvider());
        envelope.init(Cipher.ENCRYPT_MODE, key, EnvelopeParameterSpec.builder()
                .encryptionContext(Map.of("purpose", "benchmark")).algorithmSuite(0x0478).frameLength(65536).build());
        ByteBuffer header = ByteBuffer.wrap(envelope.doFinal(new byte[1024]));

        // message-header.md, version 2.0: version, suite, message ID, AAD, EDKs, content type, frame length, suite data
        assertEquals(2, header.get());
        assertEquals(0x0478, header.getShort());
        byte[] messageId = new byte[32];
        header.get(messageId);
        byte[] context = new byte[header.getShort()];
        header.get(context);
        assertEquals(1, header.getShort());
        int providerIdLength = header.getShort();
        header.position(header.position() + providerIdLength); // the key provider ID
        byte[] providerInfo = new byte[header.getShort()];
        header.get(providerInfo);
        byte[] wrapped = new byte[header.getShort()];
        header.get(wrapped);
        header.position(header.position() + 1 + 4);
        byte[] commitment = new byte[32];
        header.get(commitment);

        // raw-aes-keyring.md: the IV is the last 12 bytes of the provider info; AAD the serialized context
        Cipher unwrap = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        unwrap.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128,
                Arrays.copyOfRange(providerInfo, providerInfo.length - 12, providerInfo.length)));
        unwrap.updateAAD(context);
        byte[] dataKey = unwrap.doFinal(wrapped);

        FloorWorkload floor = new FloorWorkload(1024, 65536, "0x0478");
        assertArrayEquals(commitment, floor.commitment(dataKey, messageId));
        // header-authentication: the header tag verifies under the floor's message key (IV of zeros, AAD the body)
        int bodyLength = header.position();
        Cipher tag = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        tag.init(Cipher.DECRYPT_MODE, floor.messageKey(dataKey, messageId), new GCMParameterSpec(128, new byte[12]));
        tag.updateAAD(header.array(), 0, bodyLength);
        assertEquals(0, tag.doFinal(header.array(), bodyLength, 16).length);
        dataKey[0] ^= 1;
        assertFalse(Arrays.equals(commitment, floor.commitment(dataKey, messageId)));
    }

    @Test
    void roundTripsAndRefusesWhatIsNotOneFrameOf0x0478() throws Exception {
        FloorWorkload floor = new FloorWorkload(1024, 65536, "0x0478");
        assertTrue(floor.encrypt() > 1024);
        assertEquals(1024, floor.decrypt());
        assertThrows(IllegalArgumentException.class,
                () -> new FloorWorkload(1024, 65536, "0x0578"));
        assertThrows(IllegalArgumentException.class,
                () -> new FloorWorkload(65536, 65536, "0x0478"));
    }
}
