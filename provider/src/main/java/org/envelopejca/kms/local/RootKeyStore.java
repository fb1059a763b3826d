package org.envelopejca.kms.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Creates or opens the root of a store: {@code root.json} (the {@link RootHeader}) and, without a password,
 * {@code root.key}. Called under the directory lock, before the store file is touched.
 */
final class RootKeyStore {
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private RootKeyStore() {
    }

    /**
     * The root keys, and for a new store the header still to be written: {@code root.json} is written last (see
     * {@link #commit}), so its presence means the store was completely created.
     */
    record Opened(RootKeys keys, RootHeader newHeader) {
        boolean created() {
            return newHeader != null;
        }
    }

    static Opened openOrCreate(Path dir, LocalKmsOptions options) throws IOException, WrongPasswordException {
        Path headerFile = dir.resolve(LocalKms.ROOT_HEADER);
        if (!Files.exists(headerFile)) {
            Path storeFile = dir.resolve(StoreFile.NAME);
            if (Files.exists(storeFile) && !StoreFile.looksEmpty(storeFile)) {
                throw new StoreIntegrityException(headerFile, "missing while " + StoreFile.NAME
                        + " holds keys: the store's root key cannot be found");
            }
            // No store, or the empty store of a creation that crashed before root.json: create afresh.
            return create(dir, options);
        }
        char[] pw = options.password();
        try {
            return new Opened(openExisting(dir, pw), null);
        } finally {
            if (pw != null) {
                Arrays.fill(pw, '\0');
            }
        }
    }

    /** Whether the store in {@code dir} (which must exist) derives its root key from a password. */
    static boolean usesPassword(Path dir) throws IOException {
        return RootHeader.PASSWORD.equals(readHeader(dir.resolve(LocalKms.ROOT_HEADER)).rootKeySource());
    }

    /**
     * The root keys of the existing store in {@code dir}: from {@code pw} (null: none given) or from its root-key
     * file, checked against the header's verifier. Does not zero {@code pw}.
     */
    static RootKeys openExisting(Path dir, char[] pw) throws IOException, WrongPasswordException {
        Path headerFile = dir.resolve(LocalKms.ROOT_HEADER);
        return open(dir, headerFile, readHeader(headerFile), pw);
    }

    /**
     * The root keys that {@code header} (read from {@code headerFile}, which names it in errors) describes: from
     * {@code pw} or from the root-key file in {@code dir}, checked against the header's verifier. Does not zero
     * {@code pw}.
     */
    static RootKeys open(Path dir, Path headerFile, RootHeader header, char[] pw)
            throws IOException, WrongPasswordException {
        byte[] rootKey;
        boolean password = RootHeader.PASSWORD.equals(header.rootKeySource());
        if (password) {
            if (pw == null) {
                throw new WrongPasswordException("the store in " + dir + " is protected by a password; none was given");
            }
            Argon2Settings settings = argon2Settings(headerFile, header);
            rootKey = RootKeys.argon2id(pw, header.salt(), settings);
        } else {
            if (pw != null) {
                throw new WrongPasswordException("the store in " + dir + " keeps its root key in "
                        + LocalKms.ROOT_KEY_FILE + "; no password is expected");
            }
            Path keyFile = dir.resolve(LocalKms.ROOT_KEY_FILE);
            if (!Files.exists(keyFile)) {
                throw new StoreIntegrityException(keyFile, "missing: the store's root key cannot be found");
            }
            rootKey = AtomicFiles.readBounded(keyFile, RootKeys.ROOT_KEY_BYTES);
            if (rootKey.length != RootKeys.ROOT_KEY_BYTES) {
                Arrays.fill(rootKey, (byte) 0);
                throw new StoreIntegrityException(keyFile, "not a " + RootKeys.ROOT_KEY_BYTES + "-byte root key");
            }
        }
        RootKeys keys = RootKeys.fromRootKey(rootKey);
        if (!keys.verifies(header.verifier())) {
            keys.close();
            throw new WrongPasswordException(password ? "wrong password for the store in " + dir
                    : "the root-key file " + dir.resolve(LocalKms.ROOT_KEY_FILE) + " is not this store's");
        }
        return keys;
    }

    /** Writes the root header of a new store, once its store file is in place. */
    static void commit(Path dir, RootHeader header) throws IOException {
        AtomicFiles.write(dir.resolve(LocalKms.ROOT_HEADER), headerBytes(header));
    }

    /** The bytes of {@code root.json} for {@code header}, as {@link #commit} writes them. */
    static byte[] headerBytes(RootHeader header) throws IOException {
        return Json.MAPPER.writeValueAsBytes(header);
    }

    private static Opened create(Path dir, LocalKmsOptions options) throws IOException {
        RootKeys keys;
        RootHeader header;
        if (options.hasPassword()) {
            Argon2Settings settings = options.argon2();
            byte[] salt = RootKeys.randomBytes(RootKeys.SALT_BYTES);
            char[] pw = options.password();
            try {
                PasswordPolicy.check(pw);
                keys = RootKeys.fromRootKey(RootKeys.argon2id(pw, salt, settings));
            } finally {
                Arrays.fill(pw, '\0');
            }
            header = new RootHeader(RootHeader.FORMAT, 1, RootHeader.PASSWORD,
                    new RootHeader.Argon2Header("argon2id", 0x13, settings.memoryKiB(), settings.iterations(),
                            settings.parallelism()), salt, keys.verifier());
        } else {
            byte[] rootKey = RootKeys.randomBytes(RootKeys.ROOT_KEY_BYTES);
            try {
                AtomicFiles.write(dir.resolve(LocalKms.ROOT_KEY_FILE), rootKey);
                keys = RootKeys.fromRootKey(rootKey);
            } finally {
                Arrays.fill(rootKey, (byte) 0);
            }
            header = new RootHeader(RootHeader.FORMAT, 1, RootHeader.FILE, null, null, keys.verifier());
        }
        return new Opened(keys, header);
    }

    private static RootHeader readHeader(Path headerFile) throws StoreIntegrityException {
        byte[] bytes;
        try {
            bytes = AtomicFiles.readBounded(headerFile, MAX_HEADER_BYTES);
        } catch (StoreIntegrityException e) {
            throw e;
        } catch (IOException e) {
            throw new StoreIntegrityException(headerFile, "unreadable (corrupted?)", e);
        }
        return parseHeader(headerFile, bytes);
    }

    /** A root header from its bytes; {@code headerFile} names it in errors. */
    static RootHeader parseHeader(Path headerFile, byte[] bytes) throws StoreIntegrityException {
        RootHeader header;
        try {
            header = Json.MAPPER.readValue(bytes, RootHeader.class);
        } catch (IOException | RuntimeException e) {
            throw new StoreIntegrityException(headerFile, "unreadable (corrupted?)", e);
        }
        if (header == null || !RootHeader.FORMAT.equals(header.format()) || header.formatVersion() != 1) {
            throw new StoreIntegrityException(headerFile, "not a version 1 root header");
        }
        if (!RootHeader.PASSWORD.equals(header.rootKeySource()) && !RootHeader.FILE.equals(header.rootKeySource())) {
            throw new StoreIntegrityException(headerFile, "unknown root key source " + header.rootKeySource());
        }
        if (header.verifier().length != 32) {
            throw new StoreIntegrityException(headerFile, "verifier is not 32 bytes");
        }
        return header;
    }

    private static Argon2Settings argon2Settings(Path headerFile, RootHeader header) throws StoreIntegrityException {
        RootHeader.Argon2Header a = header.argon2();
        if (a == null || !"argon2id".equals(a.algorithm()) || a.version() != 0x13 || header.salt() == null
                || header.salt().length < 8 || header.salt().length > 64) {
            throw new StoreIntegrityException(headerFile, "Argon2id parameters missing or not supported");
        }
        try {
            return new Argon2Settings(a.memoryKiB(), a.iterations(), a.parallelism());
        } catch (IllegalArgumentException e) {
            throw new StoreIntegrityException(headerFile, "Argon2id parameters out of bounds: " + e.getMessage());
        }
    }
}
