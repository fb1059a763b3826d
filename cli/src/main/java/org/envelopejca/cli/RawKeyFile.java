package org.envelopejca.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** A raw AES key kept as a file of exactly 16, 24 or 32 bytes (no encoding, no header). */
final class RawKeyFile {

    static final int GENERATED_KEY_LENGTH = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private RawKeyFile() {
    }

    /** Reads the key; never reports the key's bytes, only its length. */
    static SecretKey read(Path file) throws UsageException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("key file not found: " + file + " (create one with --generate-key)");
        }
        long size = Files.size(file);
        if (size != 16 && size != 24 && size != 32) {
            throw new UsageException("key file " + file + " must hold exactly 16, 24 or 32 raw bytes (an AES key),"
                    + " it holds " + size + " bytes");
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            if (bytes.length != size) {
                throw new UsageException("key file " + file + " changed while it was read");
            }
            return new SecretKeySpec(bytes, "AES");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Whether users other than the owner may read the file (POSIX only; elsewhere unknown, so false). */
    static boolean readableByOthers(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return false;
        }
        Set<PosixFilePermission> p = view.readAttributes().permissions();
        return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
    }

    /**
     * Creates the file with {@value #GENERATED_KEY_LENGTH} random bytes, readable and writable by the owner only.
     * An existing file is never overwritten.
     *
     * @return true if the file was created, false if it already existed
     */
    static boolean generateIfMissing(Path file, SecureRandom random) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        byte[] key = new byte[GENERATED_KEY_LENGTH];
        random.nextBytes(key);
        try {
            // created with its final permissions: there is no moment at which others could open it
            FileChannel channel;
            try {
                channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        ownerOnly(file));
            } catch (FileAlreadyExistsException raced) {
                return false;
            }
            try (OutputStream out = Channels.newOutputStream(channel)) {
                out.write(key);
                channel.force(true);
            } catch (IOException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            return true;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = dir != null
                && Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(EnumSet.copyOf(OWNER_ONLY))}
                : new FileAttribute<?>[0];
    }
}
