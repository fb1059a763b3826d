package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.envelopejca.server.RefusalLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit verify} follows a rotated refusal log back through its older files. */
class RotatedRefusalLogVerifyTest {

    @Test
    void verifiesTheChainAcrossRotatedFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("endpoint-audit.log");
        RefusalLog log = RefusalLog.open(file, "us-east-1", "111122223333",
                new RefusalLog.Limits(64 * 1024, 3, 1e9, 1_000_000), Clock.systemUTC());
        for (int i = 0; i < 300; i++) {
            log.refused(Instant.now(), "req-" + i, null, null, "Decrypt", "127.0.0.1", "agent",
                    "AccessDeniedException", "refused " + "x".repeat(300), null);
        }
        assertTrue(Files.exists(dir.resolve("endpoint-audit.log.1")), "rotated");
        long lines = 0;
        for (String name : List.of("endpoint-audit.log", "endpoint-audit.log.1", "endpoint-audit.log.2",
                "endpoint-audit.log.3")) {
            Path p = dir.resolve(name);
            lines += Files.exists(p) ? Files.readAllLines(p).size() : 0;
        }
        CliRun ok = CliRun.run("audit", "verify", "--log", file.toString());
        assertEquals(EnvelopeCli.OK, ok.exitCode(), ok::toString);
        // a refusal log opened without the store's key is an unkeyed chain, and verify says so after the count
        assertTrue(ok.stdoutAsText().startsWith("OK: " + lines + " lines verified in " + file + " (unkeyed"),
                ok::toString);

        Path older = dir.resolve("endpoint-audit.log.1");
        List<String> content = Files.readAllLines(older);
        Files.write(older, content.subList(0, content.size() - 1));
        CliRun broken = CliRun.run("audit", "verify", "--log", file.toString());
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, broken.exitCode(), broken::toString);
        assertTrue(broken.stdoutAsText().contains("rotation line does not match"), broken.stdoutAsText());
    }
}
