package org.envelopejca.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The rule for an output named through a symbolic link: it is followed only when every link on the way is owned by
 * the user running the command and the regular file it ends at is too. A link planted by another user in a shared
 * directory (a sticky {@code /tmp}) therefore never redirects the output, and no link leads the output onto a file
 * of another owner. Devices and named pipes (owned by root or their creator) are written through a link of the
 * caller's. Where the file system has no Unix owners, an output through a symbolic link is refused.
 */
final class OutputLinks {
    /** Linux's own limit on links followed in one lookup. */
    private static final int MAX_HOPS = 40;

    private OutputLinks() {
    }

    /** Refuses {@code file} (given as {@code arg}) when it is a symbolic link the rule above does not follow. */
    static void check(Path file, String arg) throws UsageException, IOException {
        if (!Files.isSymbolicLink(file)) {
            return;
        }
        Path p = file.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == MAX_HOPS) {
                throw new UsageException("output: too many levels of symbolic links: " + arg);
            }
            if (!ownedByCaller(p)) {
                throw new UsageException("output is a symbolic link owned by another user, not followed: " + arg);
            }
            p = p.getParent().resolve(Files.readSymbolicLink(p));
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !ownedByCaller(p)) {
            throw new UsageException("output is a symbolic link to a file owned by another user, not followed: " + arg);
        }
    }

    /** Whether the user running the command (its effective user) owns {@code p} itself, not what it points to. */
    static boolean ownedByCaller(Path p) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("unix")) {
            return false;
        }
        Object uid = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        return uid instanceof Integer u && u == CALLER_UID;
    }

    private static final long CALLER_UID = callerUid();

    private static long callerUid() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (LinkageError | RuntimeException notUnix) {
            return -1; // owns nothing: every link is refused
        }
    }
}
