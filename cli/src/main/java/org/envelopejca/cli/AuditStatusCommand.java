package org.envelopejca.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.kms.local.AuditDeliveryStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Where delivery of the embedded KMS's audit log to S3 (local.audit-bucket) stands: the last "
                + "delivered line, records waiting, the last success, the last error and the next attempt.",
            "Reads the delivery state beside the store without opening it, so it works while an engine runs."})
final class AuditStatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--keystore", paramLabel = "FILE", order = 1,
            description = "KMS KeyStore configuration of the embedded KMS (default: $ENVELOPE_HOME, or ~/.envelope).")
    Path keystore;

    @Option(names = "--json", order = 50, description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        KeyStoreConfig config = KmsSession.config(keystore);
        Path home = config.localPath();
        AuditDeliveryStatus s = AuditDeliveryStatus.read(home, home.resolve(AuditVerifyCommand.DEFAULT_LOG_NAME));
        PrintWriter out = spec.commandLine().getOut();
        if (s == null) {
            out.println("no audit delivery has run for the embedded KMS in " + home
                    + (config.localAuditDelivery() == null ? " (local.audit-bucket is not set)" : ""));
            out.flush();
            return EnvelopeCli.OK;
        }
        if (json) {
            ObjectNode o = JsonOutput.object();
            o.put("bucket", s.bucket());
            o.put("deliveredUpTo", s.deliveredUpTo());
            o.put("pendingRecords", s.pendingRecords());
            o.put("deliveredRecords", s.deliveredRecords());
            o.put("deliveredFiles", s.deliveredFiles());
            o.put("deliveredDigests", s.deliveredDigests());
            o.put("filesNotYetInADigest", s.undigestedFiles());
            o.put("lastDigest", s.lastDigest());
            o.put("signingKey", s.signingKeyArn());
            o.put("lastSuccess", text(s.lastSuccess()));
            o.put("lastError", s.lastError());
            o.put("lastErrorTime", text(s.lastErrorTime()));
            o.put("nextAttempt", text(s.nextAttempt()));
            o.put("failuresInARow", s.failures());
            o.put("interruptedUpload", s.interrupted());
            o.put("note", s.note());
            JsonOutput.print(out, o);
        } else {
            line(out, "bucket", s.bucket());
            line(out, "delivered up to", "audit line " + s.deliveredUpTo());
            line(out, "pending records", Long.toString(s.pendingRecords()));
            line(out, "delivered", s.deliveredRecords() + " records in " + s.deliveredFiles() + " files, "
                    + s.deliveredDigests() + " digests");
            line(out, "not yet in a digest", s.undigestedFiles() + " files");
            line(out, "last digest", s.lastDigest());
            line(out, "signing key", s.signingKeyArn());
            line(out, "last success", text(s.lastSuccess()));
            line(out, "last error", s.lastError() == null ? null : s.lastError() + " (at " + s.lastErrorTime()
                    + ", " + s.failures() + " failed rounds in a row)");
            line(out, "next attempt", s.nextAttempt() == null ? "when an engine with delivery runs"
                    : s.nextAttempt().toString());
            line(out, "interrupted upload", s.interrupted());
            line(out, "note", s.note());
        }
        out.flush();
        return EnvelopeCli.OK;
    }

    private static void line(PrintWriter out, String name, String value) {
        out.printf("%-20s %s%n", name + ":", value == null ? "-" : value);
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
