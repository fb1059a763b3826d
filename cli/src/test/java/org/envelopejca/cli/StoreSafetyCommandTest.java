package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded KMS's store safety through the command: the password rule and the rollback refusal. */
class StoreSafetyCommandTest {

    @TempDir
    Path dir;

    @Test
    void aWeakPasswordCreatesNoStore() throws Exception {
        KmsStore kms = KmsStore.in(dir).withEnv(Map.of(KmsOptions.PASSWORD_VARIABLE, "password1234"));
        CliRun r = kms.run("keys create", "--alias", "weak");
        assertEquals(EnvelopeCli.USAGE, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("too easy to guess"), r::toString);
        assertFalse(r.stderr().contains("password1234"), "the password is never shown");
        assertFalse(Files.exists(kms.dir.resolve("root.json")));
    }

    @Test
    void anOlderStoreFilePutBackIsRefusedUntilAccepted() throws Exception {
        KmsStore kms = KmsStore.in(dir);
        kms.ok("keys create", "--alias", "rolled");
        Path store = kms.dir.resolve("store.json");
        Path saved = dir.resolve("store.json.old");
        Files.copy(store, saved);
        kms.ok("keys disable", "rolled");
        Files.copy(saved, store, StandardCopyOption.REPLACE_EXISTING);

        CliRun refused = kms.run("keys describe", "rolled");
        assertEquals(EnvelopeCli.KMS_FAILED, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("rolled back") && refused.stderr().contains("--accept-rollback"),
                refused::toString);

        assertTrue(kms.ok("keys describe", "rolled", "--accept-rollback").contains("Enabled"));
        assertTrue(kms.ok("keys describe", "rolled").contains("Enabled"), "accepted once, then as any store");
        assertEquals(EnvelopeCli.OK, kms.run("audit verify").exitCode());
    }
}
