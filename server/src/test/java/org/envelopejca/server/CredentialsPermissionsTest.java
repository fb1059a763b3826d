package org.envelopejca.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 8 of the second review (its credentials part): a world-readable credentials file was accepted silently.
 * Now a file other users may read or write is refused, or accepted with a warning when the caller says so.
 */
class CredentialsPermissionsTest {
    private static final String SECRET = "perm-secret-0123456789";

    @Test
    void aFileOthersMayReadOrWriteIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("creds.json");
        Files.writeString(file, "{\"accessKeys\": [{\"accessKeyId\": \"EKIAPERM000000000001\", \"secretAccessKey\": \""
                + SECRET + "\"}]}");
        for (String open : List.of("rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw-rw-rw-")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(open));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CredentialsFile.read(file),
                    open);
            assertTrue(e.getMessage().contains("by other users (" + open + ")"), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET));

            List<String> warnings = new ArrayList<>();
            assertEquals(1, CredentialsFile.readWarningIfOpen(file, warnings::add).size());
            assertEquals(1, warnings.size(), open);
            assertFalse(warnings.get(0).contains(SECRET));
        }
        for (String closed : List.of("rw-------", "r--------")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(closed));
            assertEquals(1, CredentialsFile.read(file).size(), closed);
            List<String> warnings = new ArrayList<>();
            CredentialsFile.readWarningIfOpen(file, warnings::add);
            assertEquals(List.of(), warnings);
        }
    }

    @Test
    void aGeneratedFileIsPrivateAndReadsBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("generated.json");
        AccessKey key = CredentialsFile.generate(file, "p");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(key.secretAccessKey(), CredentialsFile.read(file).get(key.accessKeyId()).secretAccessKey());
    }
}
