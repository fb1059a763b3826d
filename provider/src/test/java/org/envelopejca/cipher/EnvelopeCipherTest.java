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
}
