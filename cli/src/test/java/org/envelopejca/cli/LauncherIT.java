package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the real launcher {@code ./envelope}, as a user runs it, with the embedded KMS in a temporary
 * ENVELOPE_HOME. Runs after {@code package} (a surefire execution in the integration-test phase), so the launcher
 * finds a fresh jar and does not build.
 */
class LauncherIT {

    private static final Path ROOT = Path.of(System.getProperty("envelope.root", "..")).toAbsolutePath().normalize();
    private static final Path LAUNCHER = ROOT.resolve("envelope");

    @TempDir
    Path home;

    @TempDir
    Path work;

    private record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    private Result run(Path cwd, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        Map<String, String> env = pb.environment();
        env.put("ENVELOPE_HOME", home.toString());
        env.remove("ENVELOPE_PASSWORD");
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Result envelope(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return run(ROOT, command);
    }

    private String ok(String... args) throws IOException, InterruptedException {
        Result r = envelope(args);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + ": " + r);
        return r.out();
    }

    private static String field(String report, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + ": *(.*)$").matcher(report);
        assertTrue(m.find(), () -> name + " in\n" + report);
        return m.group(1);
    }

    @Test
    void keysMessagesAndTheAuditLog() throws Exception {
        String created = ok("keys", "create", "--alias", "demo");
        String arn = field(created, "ARN");
        assertTrue(arn.matches("arn:aws:kms:us-east-1:111122223333:key/[0-9a-f-]{36}"), created);
        assertTrue(Files.exists(home.resolve("root.key")), "the embedded KMS lives in ENVELOPE_HOME");

        String list = ok("keys", "list");
        assertTrue(list.lines().anyMatch(l -> l.matches("alias/demo +" + Pattern.quote(arn) + " +Enabled +SYMMETRIC_DEFAULT")),
                list);
        assertEquals("Enabled", field(ok("keys", "describe", "alias/demo"), "state"));

        Path plain = work.resolve("plain.txt");
        Files.writeString(plain, "a few words, twice encrypted\n".repeat(1000));
        Path before = work.resolve("before.env");
        ok("encrypt", "--key", "alias/demo", "--in", plain.toString(), "--out", before.toString(), "-c", "app=test");

        String inspect = ok("inspect", before.toString());
        assertTrue(inspect.contains("1. provider ID: aws-kms\n     provider info: \"" + arn + "\"\n"), inspect);
        assertEquals("1 (0 full of 65536 bytes, and the final frame)", field(inspect, "frames"));

        String rotated = ok("keys", "rotate", "demo");
        assertEquals("2", field(rotated, "key versions"));
        Path after = work.resolve("after.env");
        ok("encrypt", "--key", "demo", "--in", plain.toString(), "--out", after.toString(), "-c", "app=test");
        for (Path message : List.of(before, after)) {
            Path back = work.resolve(message.getFileName() + ".dec");
            ok("decrypt", "--key", "alias/demo", "--in", message.toString(), "--out", back.toString(), "-c", "app=test");
            assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(back));
        }

        assertTrue(ok("keys", "disable", "demo").contains("state:         Disabled"));
        Result refused = envelope("decrypt", "--key", "demo", "--in", before.toString(), "--out",
                work.resolve("no.dec").toString());
        assertEquals(4, refused.exit(), refused::toString);
        assertTrue(ok("keys", "enable", "demo").contains("state:         Enabled"));
        assertTrue(field(ok("keys", "schedule-deletion", "demo", "--days", "7"), "state")
                .startsWith("PendingDeletion (deletion on "));

        Path log = home.resolve("audit.log");
        int lines = Files.readAllLines(log).size();
        // the embedded KMS keys its audit chain: verify checks each line's HMAC with the store's root key
        assertEquals("OK: " + lines + " lines verified in " + log + " (keyed: HMAC checked with the store's root key)\n",
                ok("audit", "verify"));
        List<String> content = Files.readAllLines(log, StandardCharsets.UTF_8);
        content.set(4, content.get(4).replaceFirst("\"eventTime\":\"....", "\"eventTime\":\"1999"));
        Files.write(log, content, StandardCharsets.UTF_8);
        Result broken = envelope("audit", "verify");
        assertEquals(1, broken.exit(), broken::toString);
        assertTrue(broken.out().startsWith("BROKEN at line 5 of " + log + ": "), broken::toString);
    }

    /** The README's main set-up command, run as written (twice) in a directory holding a copy of README.md. */
    @Test
    void theReadmeMainJobCommandWorksAndCanBeRunAgain() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("(?m)^\\./envelope encrypt --create-key .*$").matcher(readme);
        assertTrue(m.find(), "the main-job command in README.md");
        String line = m.group();
        Files.copy(ROOT.resolve("README.md"), work.resolve("README.md"));
        String here = line.replace("./envelope ", LAUNCHER + " ");
        for (int i = 0; i < 2; i++) {
            Result r = run(work, List.of("bash", "-c", here));
            assertEquals(0, r.exit(), r::toString);
        }
        assertArrayEquals(Files.readAllBytes(work.resolve("README.md")), Files.readAllBytes(work.resolve("README.md.dec")));
    }
}
