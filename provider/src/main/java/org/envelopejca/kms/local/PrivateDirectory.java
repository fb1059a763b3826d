package org.envelopejca.kms.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The store directory is its owner's alone: created 0700, and at every open checked and tightened. Someone who can
 * read {@code root.json} and {@code store.json} can guess a password offline at Argon2id's cost; someone who can
 * read {@code root.key} has every key; the audit log holds encryption contexts. So at open:
 * <ul>
 *   <li>a directory or a regular file in it owned by another user is refused (that user could replace or read it
 *       whatever its mode: the mode is theirs to set);</li>
 *   <li>group and other bits are removed from the directory (to 0700 at most) and from every regular file directly in
 *       it (to 0600 at most), the audit log elsewhere included; symbolic links are neither followed nor changed.</li>
 * </ul>
 * Where the file system has no POSIX permissions (Windows), nothing is checked.
 */
final class PrivateDirectory {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateDirectory() {
    }

    /** Creates {@code dir} (and missing parents) 0700 when absent, then checks and tightens it and its files. */
    static void prepare(Path dir, Path... elsewhere) throws IOException {
        if (!AtomicFiles.posix()) {
            Files.createDirectories(dir);
            return;
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        UserPrincipal me = currentUser(dir);
        tighten(dir, me);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    tighten(file, me);
                }
            }
        }
        for (Path file : elsewhere) {
            if (file != null && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                tighten(file, me);
            }
        }
    }

    /** Refuses a path owned by another user; removes group and other permission bits. */
    private static void tighten(Path path, UserPrincipal me) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes attributes = view.readAttributes();
        if (me != null && !me.equals(attributes.owner())) {
            // A FileSystemException, not AccessDeniedException: its reason reaches the CLI's one-line message.
            throw new FileSystemException(path.toString(), null, "owned by " + attributes.owner().getName()
                    + ", not by " + me.getName() + ": the embedded KMS keeps its files to their owner, so it opens "
                    + "only a store of the user running it");
        }
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        permissions.addAll(attributes.permissions());
        if (permissions.removeAll(OTHERS)) {
            view.setPermissions(permissions);
        }
    }

    /**
     * The user this process runs as, or null when the system cannot name it (a user ID without an entry in the
     * user database, as in some containers): the owner check is then skipped and only the modes are tightened.
     */
    private static UserPrincipal currentUser(Path dir) throws IOException {
        String name = System.getProperty("user.name");
        if (name == null || name.isEmpty()) {
            return null;
        }
        try {
            return dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
        } catch (UserPrincipalNotFoundException | UnsupportedOperationException e) {
            return null;
        }
    }
}
