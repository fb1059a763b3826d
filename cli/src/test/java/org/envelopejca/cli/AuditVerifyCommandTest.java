package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifyCommandTest {

    @TempDir
    Path dir;

    @Test
    void verifiesTheStoresLogAndFindsTheEditedLine() throws Exception {
        KmsStore kms = KmsStore.in(dir);
        kms.ok("keys create", "--alias", "audited");
        kms.ok("keys rotate", "audited");
        Path log = kms.dir.resolve("audit.log");
        int lines = Files.readAllLines(log).size();
        assertTrue(lines >= 3, "a few calls were logged: " + lines);

        assertEquals("OK: " + lines + " lines verified in " + log + "\n", kms.ok("audit verify"));
        JsonNode ok = new ObjectMapper().readTree(kms.ok("audit verify", "--json"));
        assertTrue(ok.get("ok").asBoolean());
        assertEquals(lines, ok.get("verifiedLines").asLong());

        List<String> content = Files.readAllLines(log);
        content.set(1, content.get(1).replace("\"CreateKey\"", "\"CreateKeX\""));
        Files.write(log, content);
        CliRun broken = kms.run("audit verify");
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, broken.exitCode(), broken::toString);
        assertTrue(broken.stdoutAsText().startsWith("BROKEN at line 2 of " + log + ": line was modified"),
                broken.stdoutAsText());
        CliRun byFile = CliRun.run("audit", "verify", "--log", log.toString(), "--json");
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, byFile.exitCode());
        JsonNode bad = new ObjectMapper().readTree(byFile.stdoutAsText());
        assertEquals(2, bad.get("brokenLine").asLong());
        assertEquals(1, bad.get("verifiedLines").asLong());
    }

    @Test
    void aDeletedLineBreaksTheChainThere() throws Exception {
        KmsStore kms = KmsStore.in(dir);
        kms.ok("keys create");
        kms.ok("keys list");
        Path log = kms.dir.resolve("audit.log");
        List<String> content = Files.readAllLines(log);
        content.remove(2);
        Files.write(log, content);
        CliRun r = CliRun.run("audit", "verify", "--log", log.toString());
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, r.exitCode());
        assertTrue(r.stdoutAsText().startsWith("BROKEN at line 3 "), r.stdoutAsText());
    }

    @Test
    void noLogIsAUsageErrorAndCreatesNothing() {
        CliRun r = CliRun.run("audit", "verify", "--log", dir.resolve("none.log").toString());
        assertEquals(EnvelopeCli.USAGE, r.exitCode());
        assertTrue(r.stderr().contains("no audit log at"), r::toString);
    }
}
