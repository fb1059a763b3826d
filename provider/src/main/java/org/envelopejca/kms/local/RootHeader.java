package org.envelopejca.kms.local;

import java.util.Objects;

/**
 * The store's root header ({@code root.json}), written once when the store is created: how to get the root key
 * and a verifier that tells the right root key from a wrong one before anything else is read.
 *
 * @param format        always {@link #FORMAT}
 * @param formatVersion always 1
 * @param rootKeySource {@code password} (Argon2id) or {@code file} ({@code root.key})
 * @param argon2        the Argon2id parameters (password only, else null)
 * @param salt          the Argon2id salt (password only, else null)
 * @param verifier      HMAC-SHA256 under a key derived from the root key, over a fixed label
 */
record RootHeader(String format, int formatVersion, String rootKeySource, Argon2Header argon2, byte[] salt,
                  byte[] verifier) {
    static final String FORMAT = "envelope-local-kms-root";
    static final String PASSWORD = "password";
    static final String FILE = "file";

    RootHeader {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(rootKeySource, "rootKeySource");
        Objects.requireNonNull(verifier, "verifier");
    }

    /** Argon2id as stored: algorithm {@code argon2id}, version 19 (0x13), costs. */
    record Argon2Header(String algorithm, int version, int memoryKiB, int iterations, int parallelism) {
    }
}
