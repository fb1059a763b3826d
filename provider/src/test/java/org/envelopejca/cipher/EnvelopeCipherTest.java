package org.envelopejca.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.message.CommitmentPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EnvelopeCipherTest {
    private static final EnvelopeProvider PROVIDER = new EnvelopeProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static SecretKeySpec aesKey(int bytes) {
        byte[] k = new byte[bytes];
        RANDOM.nextBytes(k);
        return new SecretKeySpec(k, "AES");
    }

    private static byte[] plaintext(int n) {
        byte[] p = new byte[n];
        RANDOM.nextBytes(p);
        return p;
    }

    @ParameterizedTest
    @EnumSource(AlgorithmSuite.class)
    void everySuiteRoundTrips(AlgorithmSuite suite) throws Exception {
        CommitmentPolicy policy = suite.isCommitting() ? CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
                : CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT;
        EnvelopeParameterSpec spec = EnvelopeParameterSpec.builder().algorithmSuite(suite).commitmentPolicy(policy)
                .frameLength(100).encryptionContext(Map.of("a", "b")).build();
        SecretKeySpec key = aesKey(32);
        Cipher c = Cipher.getInstance("Envelope/AES-GCM/NoPadding", PROVIDER);
        for (int size : new int[] {0, 1, 99, 100, 101, 1000}) {
            c.init(Cipher.ENCRYPT_MODE, key, spec);
            byte[] pt = plaintext(size);
            byte[] msg = c.doFinal(pt);
            assertEquals(suite.messageFormatVersion(), msg[0]);
            c.init(Cipher.DECRYPT_MODE, key, spec);
            assertArrayEquals(pt, c.doFinal(msg));
        }
    }

    /** A reader kept across inits (same key and spec) must not show the last message's context or ID. */
    @Test
    void aReinitialisedDecryptorForgetsTheLastMessage() throws Exception {
        SecretKeySpec key = aesKey(32);
        Cipher c = Cipher.getInstance("Envelope/AES-GCM/NoPadding", PROVIDER);
        c.init(Cipher.ENCRYPT_MODE, key, EnvelopeParameterSpec.builder().encryptionContext(Map.of("tenant", "a")).build());
        byte[] message = c.doFinal(plaintext(10));
        EnvelopeParameterSpec reading = EnvelopeParameterSpec.builder().build();
        c.init(Cipher.DECRYPT_MODE, key, reading);
        c.doFinal(message);
        EnvelopeParameterSpec read = c.getParameters().getParameterSpec(EnvelopeParameterSpec.class);
        assertEquals(Map.of("tenant", "a"), read.encryptionContext(), "after the message: its context");

        c.init(Cipher.DECRYPT_MODE, key, reading);
        EnvelopeParameterSpec fresh = c.getParameters().getParameterSpec(EnvelopeParameterSpec.class);
        assertEquals(Map.of(), fresh.encryptionContext(), "a new init: no message read yet");
        assertEquals(java.util.Optional.empty(), fresh.messageId());
    }

    @Test
    void rsaRoundTrip() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        c.init(Cipher.ENCRYPT_MODE, kp.getPublic());
        byte[] pt = plaintext(70_000);
        byte[] msg = c.doFinal(pt);
        c.init(Cipher.DECRYPT_MODE, kp.getPrivate());
        assertArrayEquals(pt, c.doFinal(msg));
    }

    @Test
    void wrongKeyFails() throws Exception {
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        c.init(Cipher.ENCRYPT_MODE, aesKey(32));
        byte[] msg = c.doFinal(plaintext(10));
        c.init(Cipher.DECRYPT_MODE, aesKey(32));
        assertThrows(AEADBadTagException.class, () -> c.doFinal(msg));
    }

    @Test
    void aadIsBound() throws Exception {
        SecretKeySpec key = aesKey(16);
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        c.init(Cipher.ENCRYPT_MODE, key);
        c.updateAAD(new byte[] {1, 2, 3});
        byte[] pt = plaintext(10);
        byte[] msg = c.doFinal(pt);
        c.init(Cipher.DECRYPT_MODE, key);
        c.updateAAD(new byte[] {1, 2, 3});
        assertArrayEquals(pt, c.doFinal(msg));
        assertThrows(AEADBadTagException.class, () -> c.doFinal(msg));
        c.updateAAD(new byte[] {1, 2, 4});
        assertThrows(AEADBadTagException.class, () -> c.doFinal(msg));
    }

    @ParameterizedTest
    @EnumSource(value = AlgorithmSuite.class, names = {"AES_256_GCM_HKDF_SHA512_COMMIT_KEY",
            "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
    void reInitWithTheSameKeyAndSpecWritesEachMessageForItsOwnAad(AlgorithmSuite suite) throws Exception {
        SecretKeySpec key = aesKey(32);
        EnvelopeParameterSpec spec = EnvelopeParameterSpec.builder().algorithmSuite(suite)
                .encryptionContext(Map.of("purpose", "reuse")).build();
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        byte[][] messages = new byte[4][];
        byte[][] plaintexts = new byte[4][];
        boolean[] withAad = {false, true, false, false};
        for (int i = 0; i < messages.length; i++) {
            c.init(Cipher.ENCRYPT_MODE, key, spec);
            if (withAad[i]) {
                c.updateAAD(new byte[] {7});
            }
            plaintexts[i] = plaintext(100 + i);
            messages[i] = c.doFinal(plaintexts[i]);
        }
        Cipher d = Cipher.getInstance("Envelope", PROVIDER);
        for (int i = 0; i < messages.length; i++) {
            d.init(Cipher.DECRYPT_MODE, key, spec);
            if (withAad[i]) {
                d.updateAAD(new byte[] {7});
            }
            assertArrayEquals(plaintexts[i], d.doFinal(messages[i]));
            d.init(Cipher.DECRYPT_MODE, key, spec);
            if (!withAad[i]) {
                d.updateAAD(new byte[] {7});
            }
            byte[] message = messages[i];
            assertThrows(AEADBadTagException.class, () -> d.doFinal(message));
        }
        // each message its own ID (and, signing, its own signature key)
        assertEquals(messages.length, java.util.Arrays.stream(messages)
                .map(m -> java.util.HexFormat.of().formatHex(m, 0, 40)).distinct().count());
    }
}
