package org.envelopejca.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** One in-process run of the {@code envelope} command, with its standard streams captured. */
record CliRun(int exitCode, byte[] stdout, String stdoutText, String stderr) {

    static CliRun run(byte[] stdin, String... args) {
        return run(stdin, Map.of(), args);
    }

    /** A run with these environment variables (the command reads ENVELOPE_PASSWORD). */
    static CliRun run(byte[] stdin, Map<String, String> env, String... args) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = EnvelopeCli.commandLine(new ByteArrayInputStream(stdin), data, env);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new CliRun(exit, data.toByteArray(), out.toString(), err.toString());
    }

    static CliRun run(String... args) {
        return run(new byte[0], args);
    }

    String stdoutAsText() {
        return new String(stdout, StandardCharsets.UTF_8) + stdoutText;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ", stderr: " + stderr;
    }
}
