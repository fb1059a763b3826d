package org.envelopejca.message;

import java.util.EnumMap;
import java.util.Map;

/**
 * The JDK primitives a writer or reader uses per message: one AES-GCM instance, the HKDF Macs and the ECDSA
 * signers. {@code getInstance} costs more than the work on a small message, so whoever writes or reads
 * many messages (a Cipher re-initialised per message) keeps one of these and hands it to each writer and reader.
 * Not thread-safe: one per Cipher.
 */
public final class Primitives {
    final AesGcm gcm = new AesGcm();
    final KeyDerivation derivation = new KeyDerivation();
    private final Map<AlgorithmSuite, Ecdsa> signatures = new EnumMap<>(AlgorithmSuite.class);

    Ecdsa signature(AlgorithmSuite suite) {
        return signatures.computeIfAbsent(suite, Ecdsa::new);
    }
}
