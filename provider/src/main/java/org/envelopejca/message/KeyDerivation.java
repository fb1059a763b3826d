package org.envelopejca.message;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives a message's encryption key (and, for committing suites, its commitment) from the data key.
 * Spec: framework/algorithm-suites.md (key derivation, key commitment). HKDF (RFC 5869) is built on the JDK's Mac:
 * JDK 17 has no HKDF, and the JDK's HmacSHA* are faster than Bouncy Castle's software digests and, on HKDF's short
 * inputs, than ACCP's ({@link CryptoBackend#mac}); the Mac instances are cached per owner because getInstance is costly on the per-message path.
 */
final class KeyDerivation {
    private static final byte[] DERIVE_KEY_LABEL = "DERIVEKEY".getBytes(StandardCharsets.UTF_8);
    private static final byte[] COMMIT_KEY_LABEL = "COMMITKEY".getBytes(StandardCharsets.UTF_8);
    static final int COMMITMENT_LENGTH = 32;

    /** The encryption key and, for committing suites, the commitment value (else null). */
    record Derived(AesKey encryptionKey, byte[] commitment) {
        void destroy() {
            encryptionKey.destroy();
        }
    }

    private final Map<AlgorithmSuite.Kdf, Mac> macs = new EnumMap<>(AlgorithmSuite.Kdf.class);
    private final CryptoBackend backend;

    KeyDerivation(CryptoBackend backend) {
        this.backend = backend;
    }

    Derived derive(AlgorithmSuite suite, byte[] dataKey, byte[] messageId) {
        if (suite.kdf() == AlgorithmSuite.Kdf.NONE) {
            return new Derived(new AesKey(dataKey.clone()), null);
        }
        Mac mac = mac(suite.kdf());
        byte[] prk = null;
        try {
            if (suite.isCommitting()) {
                // Spec: v2 key derivation: salt = message ID, info = suite ID || "DERIVEKEY"; commitment info "COMMITKEY".
                prk = extract(mac, messageId, dataKey);
                byte[] info = new byte[2 + DERIVE_KEY_LABEL.length];
                info[0] = (byte) (suite.id() >>> 8);
                info[1] = (byte) suite.id();
                System.arraycopy(DERIVE_KEY_LABEL, 0, info, 2, DERIVE_KEY_LABEL.length);
                initWithPrk(mac, prk); // one key schedule serves both expansions
                byte[] key = expand(mac, info, suite.dataKeyLength());
                byte[] commitment = expand(mac, COMMIT_KEY_LABEL, COMMITMENT_LENGTH);
                return new Derived(new AesKey(key), commitment);
            }
            // Spec: v1 HKDF: salt = zeros of the hash length, info = suite ID || message ID.
            prk = extract(mac, new byte[suite.kdf().hashLength], dataKey);
            byte[] info = new byte[2 + messageId.length];
            info[0] = (byte) (suite.id() >>> 8);
            info[1] = (byte) suite.id();
            System.arraycopy(messageId, 0, info, 2, messageId.length);
            initWithPrk(mac, prk);
            return new Derived(new AesKey(expand(mac, info, suite.dataKeyLength())), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF over " + suite.kdf().macAlgorithm + " failed", e);
        } finally {
            if (prk != null) {
                Arrays.fill(prk, (byte) 0);
            }
        }
    }

    private Mac mac(AlgorithmSuite.Kdf kdf) {
        return macs.computeIfAbsent(kdf, k -> {
            try {
                return backend.mac(k.macAlgorithm);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(k.macAlgorithm + " is not available", e);
            }
        });
    }

    /**
     * Keys {@code mac} with the PRK through a key this class zeroes: a SecretKeySpec would keep a copy of the PRK that
     * nothing can zero (the Mac zeroes the copy it takes; it does not look at the key's algorithm name).
     */
    private static void initWithPrk(Mac mac, byte[] prk) throws InvalidKeyException {
        AesKey key = new AesKey(prk.clone());
        try {
            mac.init(key);
        } finally {
            key.destroy();
        }
    }

    private static byte[] extract(Mac mac, byte[] salt, byte[] ikm) throws InvalidKeyException {
        mac.init(new SecretKeySpec(salt, mac.getAlgorithm()));
        return mac.doFinal(ikm);
    }

    /** HKDF-Expand with {@code mac} already keyed with the PRK. */
    private static byte[] expand(Mac mac, byte[] info, int length) {
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int done = 0;
        for (int i = 1; done < length; i++) {
            mac.update(t);
            mac.update(info);
            mac.update((byte) i);
            byte[] next = mac.doFinal();
            Arrays.fill(t, (byte) 0);
            t = next;
            int n = Math.min(t.length, length - done);
            System.arraycopy(t, 0, out, done, n);
            done += n;
        }
        Arrays.fill(t, (byte) 0);
        return out;
    }
}
