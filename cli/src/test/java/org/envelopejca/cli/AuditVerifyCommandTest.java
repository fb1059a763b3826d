package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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

        assertEquals("OK: " + lines + " lines verified in " + log + " (keyed: HMAC checked with the store's root key)\n",
                kms.ok("audit verify"));
        JsonNode ok = new ObjectMapper().readTree(kms.ok("audit verify", "--json"));
        assertTrue(ok.get("ok").asBoolean());
        assertEquals(lines, ok.get("verifiedLines").asLong());
        assertEquals(lines, ok.get("keyedLines").asLong());
        assertTrue(ok.get("keyChecked").asBoolean());

        List<String> content = Files.readAllLines(log);
        content.set(1, content.get(1).replace("\"CreateKey\"", "\"CreateKeX\""));
        Files.write(log, content);
        CliRun broken = kms.run("audit verify");
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, broken.exitCode(), broken::toString);
        assertTrue(broken.stdoutAsText().startsWith("BROKEN at line 2 of " + log + ": line was modified or "
                + "re-computed without the key"),
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
    void aLogReHashedWithSha256FailsWhenTheRootKeyIsAtHand() throws Exception {
        KmsStore kms = KmsStore.in(dir);
        kms.ok("keys create", "--alias", "audited");
        kms.ok("keys describe", "audited");
        Path log = kms.dir.resolve("audit.log");
        // What someone without the root key can do: an unkeyed chain over the edited lines.
        List<String> edited = new ArrayList<>();
        String previous = "0".repeat(64);
        for (String line : Files.readAllLines(log)) {
            String prefix = line.substring(0, line.length() - 75).replace("\"DescribeKey\"", "\"ListKeys\"")
                    .replaceAll("\"previousHash\":\"[0-9a-f]{64}\"", "\"previousHash\":\"" + previous + "\"");
            previous = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(prefix.getBytes(StandardCharsets.UTF_8)));
            edited.add(prefix + ",\"hash\":\"" + previous + "\"}");
        }
        Files.write(log, edited);
        CliRun r = kms.run("audit verify");
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, r.exitCode(), r::toString);
        assertTrue(r.stdoutAsText().contains("no keyed line"), r::toString);
    }

    @Test
    void aPasswordStoreIsCheckedWithItsPasswordAndStructurallyWithout() throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "correct horse battery\n");
        KmsStore kms = KmsStore.in(dir);
        kms.ok("keys create", "--password-file", pw.toString());
        Path log = kms.dir.resolve("audit.log");
        String without = kms.ok("audit verify");
        assertTrue(without.startsWith("OK (structure only): ") && without.contains(" lines in " + log)
                        && without.contains("protected by a password"),
                without);
        String with = kms.ok("audit verify", "--password-file", pw.toString());
        assertTrue(with.contains("(keyed: HMAC checked"), with);
        String byEnv = kms.withEnv(Map.of(KmsOptions.PASSWORD_VARIABLE, "correct horse battery")).ok("audit verify");
        assertTrue(byEnv.contains("(keyed: HMAC checked"), byEnv);
        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "correct horse batterz\n");
        CliRun r = kms.run("audit verify", "--password-file", wrong.toString());
        assertEquals(EnvelopeCli.USAGE, r.exitCode(), r::toString);
    }

    @Test
    void noLogIsAUsageErrorAndCreatesNothing() {
        CliRun r = CliRun.run("audit", "verify", "--log", dir.resolve("none.log").toString());
        assertEquals(EnvelopeCli.USAGE, r.exitCode());
        assertTrue(r.stderr().contains("no audit log at"), r::toString);
    }
}
