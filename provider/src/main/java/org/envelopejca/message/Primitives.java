package org.envelopejca.message;

import java.util.EnumMap;
import java.util.Map;

/**
 * The primitives a writer or reader uses per message, from one {@link CryptoBackend}: one AES-GCM instance, the
 * HKDF Macs and the ECDSA signers. {@code getInstance} costs more than the work on a small message, so whoever
 * writes or reads many messages (a Cipher re-initialised per message) keeps one of these and hands it to each writer
 * and reader. Not thread-safe: one per Cipher.
 */
public final class Primitives {
    private final CryptoBackend backend;
    final AesGcm gcm;
    final KeyDerivation derivation;
    private final Map<AlgorithmSuite, Ecdsa> signatures = new EnumMap<>(AlgorithmSuite.class);

    /** The primitives of this JVM's backend ({@link CryptoBackend#current()}). */
    public Primitives() {
        this(CryptoBackend.current());
    }

    /** The primitives of {@code backend}. */
    public Primitives(CryptoBackend backend) {
        this.backend = backend;
        this.gcm = new AesGcm(backend);
        this.derivation = new KeyDerivation(backend);
    }

    /** The backend these primitives come from. */
    public CryptoBackend backend() {
        return backend;
    }

    Ecdsa signature(AlgorithmSuite suite) {
        return signatures.computeIfAbsent(suite, s -> Ecdsa.of(s, backend));
    }
}
