package org.envelopejca.properties;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/** RSA key pairs made once per test JVM: generating a 2048-bit pair costs far more than using it. */
public final class RsaKeys {

    private RsaKeys() {
    }

    public static KeyPair first() {
        return Holder.FIRST;
    }

    /** A second, unrelated pair: the wrong key. */
    public static KeyPair second() {
        return Holder.SECOND;
    }

    private static final class Holder {
        static final KeyPair FIRST = generate();
        static final KeyPair SECOND = generate();

        private static KeyPair generate() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }
    }
}
