package org.envelopejca.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.envelopejca.message.AlgorithmSuite;

/** {@code wrap}/{@code unwrap} carry an AES key or an RSA private key inside a message, and refuse a changed one. */
class KeyWrapProperties {

    @Property(tries = 30)
    void anAesKeyUnwrapsToItself(@ForAll("suites") AlgorithmSuite suite, @ForAll("keys") TestKey wrappingKey,
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int size) throws Exception {
        SecretKeySpec toWrap = new SecretKeySpec(Messages.plaintext(seed, 16 + 8 * size), "AES");
        Cipher wrapper = Messages.newCipher();
        wrapper.init(Cipher.WRAP_MODE, wrappingKey.encryptionKey(), wrappingKey.applyTo(Messages.writing(suite)).build());
        byte[] wrapped = wrapper.wrap(toWrap);

        Cipher unwrapper = Messages.newCipher();
        unwrapper.init(Cipher.UNWRAP_MODE, wrappingKey.decryptionKey(), wrappingKey.applyTo(Messages.reading(suite)).build());
        Key unwrapped = unwrapper.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
        assertEquals("AES", unwrapped.getAlgorithm());
        assertArrayEquals(toWrap.getEncoded(), unwrapped.getEncoded());

        byte[] tampered = wrapped.clone();
        tampered[(int) Math.floorMod(seed, (long) tampered.length)] ^= 0x10;
        assertThrows(GeneralSecurityException.class, () -> unwrapper.unwrap(tampered, "AES", Cipher.SECRET_KEY),
                "a changed wrapped key unwrapped");
    }

    @Property(tries = 6)
    void anRsaPrivateKeyUnwrapsToItself(@ForAll("suites") AlgorithmSuite suite, @ForAll("keys") TestKey wrappingKey)
            throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        PrivateKey toWrap = generator.generateKeyPair().getPrivate();

        Cipher wrapper = Messages.newCipher();
        wrapper.init(Cipher.WRAP_MODE, wrappingKey.encryptionKey(), wrappingKey.applyTo(Messages.writing(suite)).build());
        byte[] wrapped = wrapper.wrap(toWrap);

        Cipher unwrapper = Messages.newCipher();
        unwrapper.init(Cipher.UNWRAP_MODE, wrappingKey.decryptionKey(), wrappingKey.applyTo(Messages.reading(suite)).build());
        Key unwrapped = unwrapper.unwrap(wrapped, "RSA", Cipher.PRIVATE_KEY);
        assertEquals("RSA", unwrapped.getAlgorithm());
        assertArrayEquals(toWrap.getEncoded(), unwrapped.getEncoded());
    }

    @Provide
    Arbitrary<AlgorithmSuite> suites() {
        return EnvelopeArbitraries.suites();
    }

    @Provide
    Arbitrary<TestKey> keys() {
        return TestKey.any();
    }
}
