package org.envelopejca.kms.local;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.util.Arrays;

/**
 * The key of a keyed audit chain: HKDF-SHA256 of the store's root key with the label
 * {@code envelope-local-kms v1 audit chain} (see {@link RootKeys}). Each keyed line's chain value is HMAC-SHA256
 * under it, so someone who can write the log but has neither the password nor {@code root.key} cannot recompute
 * the chain after editing, inserting or deleting lines. The bytes never leave this object; {@link #close()}
 * zeroes them (the engine does so when it closes), after which the key refuses to be used.
 */
public final class AuditKey implements AutoCloseable {
    private final byte[] key;
    private final boolean storeKeysItsLog;
    private volatile boolean closed;

    AuditKey(byte[] key) {
        this(key, false);
    }

    private AuditKey(byte[] key, boolean storeKeysItsLog) {
        this.key = key;
        this.storeKeysItsLog = storeKeysItsLog;
    }

    /**
     * The audit key of the existing store in {@code dir}, for checking its logs without opening it (opening would
     * take its lock and append to its log): from {@code password} when the store has one (null: none given), else
     * from its {@code root.key}. Reads {@code root.json}, the root-key file and {@code store.json} (whose MAC is
     * checked), and writes nothing.
     *
     * @throws WrongPasswordException the password is missing or wrong, or the root-key file is not the store's
     */
    public static AuditKey forStore(Path dir, char[] password) throws IOException, WrongPasswordException {
        try (RootKeys keys = RootKeyStore.openExisting(dir, password)) {
            boolean keyed = false;
            if (Files.exists(dir.resolve(StoreFile.NAME))) {
                keyed = new StoreFile(dir, keys, null, null).load().auditKeyed();
            }
            return new AuditKey(keys.auditKey().key.clone(), keyed);
        }
    }

    /** Whether the store in {@code dir} is protected by a password (else its root key is {@code root.key}). */
    public static boolean storeUsesPassword(Path dir) throws IOException {
        return RootKeyStore.usesPassword(dir);
    }

    /**
     * Whether the store this key was read from keys its audit log (every store created or opened by an engine that
     * writes keyed lines): a log of it with no keyed line was then re-hashed without the key, or cut back to before
     * the store was upgraded. False for a key that did not come from {@link #forStore}.
     */
    public boolean storeKeysItsLog() {
        return storeKeysItsLog;
    }

    /** HMAC-SHA256 of {@code data[0..length)}, with this thread's Mac. */
    byte[] mac(byte[] data, int length) {
        if (closed) {
            throw new IllegalStateException("the audit key was closed with its engine");
        }
        Mac mac = ThreadCrypto.hmacSha256();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 refused its key", e);
        }
        mac.update(data, 0, length);
        return mac.doFinal();
    }

    @Override
    public void close() {
        closed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "AuditKey[…]";
    }
}
