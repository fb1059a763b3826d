package org.envelopejca.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.security.Key;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.List;
import org.envelopejca.keyring.kms.InMemoryKms;
import org.envelopejca.kms.KeySpec;
import org.junit.jupiter.api.Test;

/**
 * Java serialization of key handles (every {@link Key} is {@code Serializable}): a handle travels as what it names, and
 * its link to an engine stays behind, so a handle read back elsewhere cannot reach KMS until it is looked up again.
 */
class KeyHandleSerializationTest {
    private static final String ARN = "arn:aws:kms:us-east-1:111122223333:key/";
    private final KeyStoreEngine engine = new KeyStoreEngine(new InMemoryKms(), null, InMemoryKms.REGION);

    private static <K extends Key> K roundTrip(K key) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(key);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            @SuppressWarnings("unchecked")
            K read = (K) in.readObject();
            return read;
        }
    }

    @Test
    void aSecretKeyHandleComesBackUnbound() throws Exception {
        KmsKey key = new KmsKey("alias/orders", List.of(ARN + "a", ARN + "b"), KeySpec.SYMMETRIC_DEFAULT, engine);
        key.engine(); // bound before the trip

        KmsKey read = roundTrip(key);
        assertEquals(key, read);
        assertEquals(key.hashCode(), read.hashCode());
        assertEquals(key.toString(), read.toString());
        assertEquals(key.keySpec(), read.keySpec());
        assertFalse(read.isDestroyed());
        assertTrue(assertThrows(IllegalStateException.class, read::engine).getMessage().contains("not bound"));
    }

    @Test
    void aDestroyedSecretKeyHandleStaysDestroyed() throws Exception {
        KmsKey key = new KmsKey("alias/orders", List.of(ARN + "a"), null, engine);
        key.destroy();

        KmsKey read = roundTrip(key);
        assertTrue(read.isDestroyed());
        assertEquals(key.toString(), read.toString());
    }

    @Test
    void signingKeyHandlesComeBackUnboundWithTheirPublicKey() throws Exception {
        KmsSigningKey ec = new KmsEcSigningKey("alias/ec", ARN + "ec", KeySpec.ECC_NIST_P256,
                publicKey("EC", new ECGenParameterSpec("secp256r1")), engine);
        KmsSigningKey rsa = new KmsRsaSigningKey("alias/rsa", ARN + "rsa", KeySpec.RSA_2048,
                publicKey("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4)), engine);
        for (KmsSigningKey key : List.of(ec, rsa)) {
            key.engine(); // bound before the trip

            KmsSigningKey read = roundTrip(key);
            assertEquals(key.getClass(), read.getClass(), key.name());
            assertEquals(key, read, key.name());
            assertEquals(key.hashCode(), read.hashCode(), key.name());
            assertEquals(key.toString(), read.toString(), key.name());
            assertEquals(key.publicKey(), read.publicKey(), key.name());
            assertFalse(read.isDestroyed(), key.name());
            // unbound, not destroyed: the message says which, as for a secret key handle
            assertTrue(assertThrows(IllegalStateException.class, read::engine, key.name()).getMessage()
                    .contains("not bound"), key.name());

            key.destroy();
            assertTrue(roundTrip(key).isDestroyed(), key.name());
        }
    }

    private static PublicKey publicKey(String algorithm, AlgorithmParameterSpec params) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        g.initialize(params);
        return g.generateKeyPair().getPublic();
    }
}
