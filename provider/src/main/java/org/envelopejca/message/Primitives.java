package org.envelopejca.message;

import java.security.Signature;
import java.util.EnumMap;
import java.util.Map;

/**
 * The JDK primitives a writer or reader uses per message: one AES-GCM instance, the HKDF Macs and the ECDSA
 * Signature objects. {@code getInstance} costs more than the work on a small message, so whoever writes or reads
 * many messages (a Cipher re-initialised per message) keeps one of these and hands it to each writer and reader.
 * Not thread-safe: one per Cipher.
 */
public final class Primitives {
    final AesGcm gcm = new AesGcm();
    final KeyDerivation derivation = new KeyDerivation();
    private final Map<AlgorithmSuite, Signature> signatures = new EnumMap<>(AlgorithmSuite.class);

    Signature signature(AlgorithmSuite suite) {
        return signatures.computeIfAbsent(suite, TrailingSignature::newSignature);
    }
}
