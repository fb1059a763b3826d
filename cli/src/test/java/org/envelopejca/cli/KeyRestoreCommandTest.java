package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** envelope keys restore and local.copies through the command: each refusal with its exit code. */
class KeyRestoreCommandTest {

    @TempDir
    Path dir;

    private KmsStore withCopies(int required, String... extra) throws Exception {
        List<String> lines = new java.util.ArrayList<>(List.of("local.copies=" + dir.resolve("copies"),
                "local.copies-required=" + required));
        lines.addAll(List.of(extra));
        return KmsStore.in(dir, lines.toArray(String[]::new));
    }

    private List<Path> copies() throws Exception {
        try (var s = Files.list(dir.resolve("copies"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("store-")).sorted().toList();
        }
    }

    private static long generationOf(Path copy) {
        String name = copy.getFileName().toString();
        return Long.parseLong(name.substring("store-".length(), name.length() - ".json".length()));
    }

    @Test
    void restoresTheNewestAndAnOlderCopyOnlyWithAllowOlder() throws Exception {
        KmsStore kms = withCopies(1);
        kms.ok("keys create", "--alias", "kept");
        long enabled = generationOf(copies().get(copies().size() - 1));
        kms.ok("keys disable", "kept");
        String from = dir.resolve("copies").toString();

        String restored = kms.ok("keys restore", "--from", from);
        assertTrue(restored.contains("restored the embedded KMS"), restored);
        assertTrue(kms.ok("keys describe", "kept").contains("Disabled"));

        CliRun older = kms.run("keys restore", "--from", from, "--generation", Long.toString(enabled));
        assertEquals(EnvelopeCli.KMS_FAILED, older.exitCode(), older::toString);
        assertTrue(older.stderr().contains("--allow-older"), older::toString);
        assertTrue(kms.ok("keys describe", "kept").contains("Disabled"), "nothing restored");

        var json = kms.json("keys restore", "--from", from, "--version", Long.toString(enabled), "--allow-older");
        assertEquals(enabled, json.get("copyGeneration").asLong());
        assertTrue(json.get("storeGeneration").asLong() > json.get("newestKnownGeneration").asLong());
        assertTrue(kms.ok("keys describe", "kept").contains("Enabled"));
        assertEquals(EnvelopeCli.OK, kms.run("audit verify").exitCode());
    }

    @Test
    void aTamperedCopyIsRefusedWithAnInputOutputError() throws Exception {
        KmsStore kms = withCopies(1);
        kms.ok("keys create", "--alias", "kept");
        Path newest = copies().get(copies().size() - 1);
        String text = Files.readString(newest);
        Files.writeString(newest, text.replace("\"ENABLED\"", "\"DISABLED\""));
        assertTrue(!text.equals(Files.readString(newest)), "the test changed the copy");
        CliRun r = kms.run("keys restore", "--from", dir.resolve("copies").toString());
        assertEquals(EnvelopeCli.IO_ERROR, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("integrity check failed"), r::toString);
    }

    @Test
    void aWrongPasswordAndBadArgumentsAreUsageErrors() throws Exception {
        // (a password store's wrong password: StoreCopiesTest; here the cheap case of a root-key-file store)
        KmsStore kms = withCopies(1);
        kms.ok("keys create", "--alias", "kept");
        String from = dir.resolve("copies").toString();
        CliRun wrong = kms.withEnv(Map.of(KmsOptions.PASSWORD_VARIABLE, "wrong horse battery"))
                .run("keys restore", "--from", from);
        assertEquals(EnvelopeCli.USAGE, wrong.exitCode(), wrong::toString);
        assertTrue(wrong.stderr().contains("no password is expected"), wrong::toString);
        CliRun both = kms.run("keys restore", "--from", from, "--version", "1", "--generation", "1");
        assertEquals(EnvelopeCli.USAGE, both.exitCode(), both::toString);
        CliRun rollback = kms.run("keys restore", "--from", from, "--accept-rollback");
        assertEquals(EnvelopeCli.USAGE, rollback.exitCode(), rollback::toString);
        assertTrue(rollback.stderr().contains("--allow-older"), rollback::toString);
        CliRun missing = kms.run("keys restore", "--from", dir.resolve("nowhere").toString());
        assertEquals(EnvelopeCli.IO_ERROR, missing.exitCode(), missing::toString);
    }

    @Test
    void aRequiredCopyThatCannotBeWrittenFailsTheChange() throws Exception {
        KmsStore kms = withCopies(1);
        kms.ok("keys create", "--alias", "kept");
        for (Path p : copies()) {
            Files.delete(p);
        }
        Files.delete(dir.resolve("copies").resolve("root.json"));
        Files.delete(dir.resolve("copies"));
        Files.writeString(dir.resolve("copies"), "the copy disk is gone");
        CliRun r = kms.run("keys disable", "kept");
        assertEquals(EnvelopeCli.KMS_FAILED, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("KMSInternalException") && r.stderr().contains("required copies"),
                r::toString);
        assertTrue(kms.ok("keys describe", "kept").contains("Enabled"));
    }
}
