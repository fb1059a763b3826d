package org.envelopejca.keystore;

import java.util.Objects;
import org.envelopejca.keyring.cache.DataKeyCache;
import org.envelopejca.kms.Kms;

/**
 * What a KeyStore's keys reach KMS through: the engine, the data-key cache its Ciphers share (null when caching is
 * off), and the engine's region (for discovery).
 */
public record KeyStoreEngine(Kms kms, DataKeyCache cache, String region) {
    public KeyStoreEngine {
        Objects.requireNonNull(kms, "kms");
    }
}
