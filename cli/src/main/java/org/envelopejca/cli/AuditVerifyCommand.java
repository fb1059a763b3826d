package org.envelopejca.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.kms.local.AuditVerification;
import org.envelopejca.server.RefusalLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verify the hash chain of an audit log: prints OK and the number of lines (exit 0), or the "
                + "first line where the chain breaks and why (exit 1).",
            "The chain shows edited, deleted, inserted and reordered lines; it cannot show lines cut off the end."})
final class AuditVerifyCommand implements Callable<Integer> {

    /** The embedded KMS writes its log under this name in its directory. */
    static final String DEFAULT_LOG_NAME = "audit.log";

    @Spec
    CommandSpec spec;

    @Option(names = "--log", paramLabel = "FILE", order = 1,
            description = "The audit log (default: audit.log of the embedded KMS: in local.path of --keystore, "
                    + "else in $ENVELOPE_HOME, or ~/.envelope).")
    Path log;

    @Option(names = "--keystore", paramLabel = "FILE", order = 2,
            description = "KMS KeyStore configuration whose embedded KMS's log to verify.")
    Path keystore;

    @Option(names = "--json", order = 50, description = "Print JSON instead of a text line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path file = log != null ? log : home().resolve(DEFAULT_LOG_NAME);
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no audit log at " + file);
        }
        // the log is read only: opening the KMS would append to it; a rotated refusal log is followed back through
        // its older files
        AuditVerification v = RefusalLog.verify(file);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = JsonOutput.object();
            o.put("log", file.toString());
            o.put("ok", v.ok());
            o.put("verifiedLines", v.lines());
            if (!v.ok()) {
                o.put("brokenLine", v.brokenLine());
                o.put("problem", v.problem());
            }
            JsonOutput.print(out, o);
        } else if (v.ok()) {
            out.println("OK: " + v.lines() + (v.lines() == 1 ? " line" : " lines") + " verified in " + file);
        } else {
            out.println("BROKEN at line " + v.brokenLine() + " of " + file + ": " + v.problem() + " ("
                    + v.lines() + " lines before it verified)");
        }
        out.flush();
        return v.ok() ? EnvelopeCli.OK : EnvelopeCli.DECRYPTION_FAILED;
    }

    private Path home() throws Exception {
        if (keystore == null) {
            return KeyStoreConfig.defaultHome();
        }
        if (!Files.isRegularFile(keystore)) {
            throw new UsageException("KMS KeyStore configuration not found: " + keystore);
        }
        Properties p = new Properties();
        try (BufferedReader in = Files.newBufferedReader(keystore, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        try {
            return KeyStoreConfig.parse(p).localPath();
        } catch (IllegalArgumentException e) {
            throw new UsageException("KMS KeyStore configuration " + keystore + ": " + e.getMessage(), e);
        }
    }
}
