package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --out} through a symbolic link planted in a shared sticky directory (like /tmp): the link is not followed,
 * the file it points to stays as it was, the command exits with 2 and leaves no file behind. Another owner is
 * simulated with {@code chown} (needs root; skipped otherwise).
 */
class OutputLinkTest {
    /** Any user but the one running the tests: nobody. */
    private static final int OTHER_UID = 65534;

    @TempDir
    Path dir;

    private Path shared;
    private Path key;
    private Path message;

    @BeforeEach
    void setUp() throws IOException {
        shared = Files.createDirectory(dir.resolve("shared"));
        // drwxrwxrwt, as /tmp
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        makeSticky(shared);
        key = dir.resolve("key");
        byte[] k = new byte[32];
        new Random(11).nextBytes(k);
        Files.write(key, k);
        Files.setPosixFilePermissions(key, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        Path plain = dir.resolve("plain");
        Files.writeString(plain, "attacker-chosen plaintext");
        message = dir.resolve("message.env");
        CliRun r = CliRun.run("encrypt", "--key-file", key.toString(), "--in", plain.toString(), "--out", message.toString());
        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
    }

    private static boolean chown(Path p, int uid) {
        try {
            Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            return (int) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) == uid;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void aLinkPlantedByAnotherUserIsNotFollowed() throws IOException {
        Path victim = dir.resolve("victim-file");
        Files.writeString(victim, "the caller's own file");
        Path link = Files.createSymbolicLink(shared.resolve("out.bin"), victim);
        assumeTrue(chown(link, OTHER_UID), "chown needs root");
        List<String> before = names(shared);

        CliRun r = CliRun.run("decrypt", "--key-file", key.toString(), "--in", message.toString(), "--out", link.toString());

        assertEquals(EnvelopeCli.USAGE, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("symbolic link owned by another user"), r.stderr());
        assertEquals("the caller's own file", Files.readString(victim));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(before, names(shared), "no temporary file left");
    }

    @Test
    void aLinkOfTheCallersIntoAnotherUsersFileIsNotFollowed() throws IOException {
        Path victim = dir.resolve("someone-elses-file");
        Files.writeString(victim, "another user's file");
        assumeTrue(chown(victim, OTHER_UID), "chown needs root");
        Path link = Files.createSymbolicLink(shared.resolve("out.bin"), victim);

        CliRun r = CliRun.run("decrypt", "--key-file", key.toString(), "--in", message.toString(), "--out", link.toString());

        assertEquals(EnvelopeCli.USAGE, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("file owned by another user"), r.stderr());
        assertArrayEquals("another user's file".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(victim));
    }

    @Test
    void aLinkChainThroughALinkOfAnotherUserIsNotFollowed() throws IOException {
        Path victim = dir.resolve("victim-file");
        Files.writeString(victim, "the caller's own file");
        Path planted = Files.createSymbolicLink(shared.resolve("planted"), victim);
        assumeTrue(chown(planted, OTHER_UID), "chown needs root");
        Path own = Files.createSymbolicLink(dir.resolve("own-link"), planted);

        CliRun r = CliRun.run("decrypt", "--key-file", key.toString(), "--in", message.toString(), "--out", own.toString());

        assertEquals(EnvelopeCli.USAGE, r.exitCode(), r::toString);
        assertEquals("the caller's own file", Files.readString(victim));
    }

    @Test
    void theCallersOwnLinkToTheCallersFileIsStillFollowed() throws IOException {
        Path target = dir.resolve("real-output");
        Files.writeString(target, "old");
        Path link = Files.createSymbolicLink(shared.resolve("out.bin"), target);

        CliRun r = CliRun.run("decrypt", "--key-file", key.toString(), "--in", message.toString(), "--out", link.toString());

        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        assertEquals("attacker-chosen plaintext", Files.readString(target));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(target));
    }

    /** chmod 1777 (no Java API sets the sticky bit). */
    private static void makeSticky(Path p) throws IOException {
        try {
            assertEquals(0, new ProcessBuilder("chmod", "1777", p.toString()).inheritIO().start().waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
