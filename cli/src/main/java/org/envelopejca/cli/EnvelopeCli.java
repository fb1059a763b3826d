package org.envelopejca.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code envelope} command. Exit codes: {@link #OK}, {@link #DECRYPTION_FAILED}, {@link #USAGE},
 * {@link #IO_ERROR}, {@link #KMS_FAILED}.
 */
@Command(name = "envelope",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Envelope encryption in the AWS Encryption SDK message format.",
        subcommands = {EncryptCommand.class, DecryptCommand.class, InspectCommand.class, KeysCommand.class,
            AuditCommand.class, ServeCommand.class, SignCommand.class, VerifyCommand.class, CertCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:authentication or decryption failed (wrong key, wrong context, tampered, truncated or malformed "
                + "message); audit verify: the chain is broken",
            "2:usage error (bad option, missing input, unusable key file, unknown KMS key or alias)",
            "3:input/output error",
            "4:KMS refused or failed (key disabled or pending deletion, limit reached, KMS unavailable)"})
public final class EnvelopeCli {

    public static final int OK = 0;
    public static final int DECRYPTION_FAILED = 1;
    public static final int USAGE = 2;
    public static final int IO_ERROR = 3;
    public static final int KMS_FAILED = 4;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error.")
    boolean verbose;

    private final InputStream stdin;
    private final OutputStream stdout;
    private final Map<String, String> env;

    /**
     * @param stdin  where {@code --in -} reads
     * @param stdout where {@code --out -} writes: a raw stream, so that write errors are not swallowed as a
     *               {@code PrintStream} would
     * @param env    the environment variables the command reads (ENVELOPE_PASSWORD)
     */
    public EnvelopeCli(InputStream stdin, OutputStream stdout, Map<String, String> env) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        this.env = Map.copyOf(env);
    }

    Map<String, String> env() {
        return env;
    }

    InputStream stdin() {
        return stdin;
    }

    OutputStream stdout() {
        return stdout;
    }

    /** The command line with Envelope's error handling: one-line messages and the exit codes above. */
    public static CommandLine commandLine(InputStream stdin, OutputStream stdout, Map<String, String> env) {
        CommandLine cmd = new CommandLine(new EnvelopeCli(stdin, stdout, env));
        ErrorReporter errors = new ErrorReporter();
        cmd.setParameterExceptionHandler(errors);
        cmd.setExecutionExceptionHandler(errors);
        return cmd;
    }

    public static void main(String[] args) {
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
        int exit = commandLine(System.in, out, System.getenv()).execute(args);
        System.exit(exit);
    }
}
