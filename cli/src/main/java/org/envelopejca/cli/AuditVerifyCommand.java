package org.envelopejca.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.kms.local.AuditKey;
import org.envelopejca.kms.local.AuditVerification;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.S3Location;
import org.envelopejca.kms.local.WrongPasswordException;
import org.envelopejca.server.RefusalLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verify the chain of an audit log: prints OK and the number of lines (exit 0), or the "
                + "first line where the chain breaks and why (exit 1).",
            "Keyed lines (HMAC under a key derived from the store's root key) are checked when the root key can be "
                + "opened: root.key, or the password from --password-file or " + KmsOptions.PASSWORD_VARIABLE
                + "; otherwise only the structure of the chain is, and the output says so.",
            "The chain shows edited, deleted, inserted and reordered lines; it cannot show lines cut off the end.",
            "With --bucket: verify the files the embedded KMS delivered to S3 (local.audit-bucket) instead: each "
                + "digest's signature (public key from GetPublicKey of the signing key), the chain of digests, each "
                + "listed file's SHA-256; changed, deleted, renamed, reordered or added files and digests are "
                + "listed (exit 1)."})
final class AuditVerifyCommand implements Callable<Integer> {

    /** The embedded KMS writes its log under this name in its directory. */
    static final String DEFAULT_LOG_NAME = "audit.log";
    /** The embedded KMS's root header: its presence tells a store directory. */

    @Spec
    CommandSpec spec;

    @Option(names = "--log", paramLabel = "FILE", order = 1,
            description = "The audit log (default: audit.log of the embedded KMS: in local.path of --keystore, "
                    + "else in $ENVELOPE_HOME, or ~/.envelope).")
    Path log;

    @Option(names = "--keystore", paramLabel = "FILE", order = 2,
            description = "KMS KeyStore configuration whose embedded KMS's log to verify.")
    Path keystore;

    @Option(names = "--password-file", paramLabel = "FILE", order = 3,
            description = "File whose first line is the password of a password-protected embedded KMS, to check "
                    + "the keyed lines (default: the environment variable " + KmsOptions.PASSWORD_VARIABLE + ").")
    Path passwordFile;

    @Option(names = "--bucket", paramLabel = "BUCKET", order = 4,
            description = "Verify the audit files delivered to this S3 bucket (S3 settings from --keystore).")
    String bucket;

    @Option(names = "--prefix", paramLabel = "PREFIX", order = 5,
            description = "The key prefix in --bucket (default: local.audit-bucket's when it names the same bucket).")
    String prefix;

    @Option(names = "--json", order = 50, description = "Print JSON instead of a text line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (bucket != null) {
            if (log != null) {
                throw new UsageException("--log and --bucket exclude each other");
            }
            KeyStoreConfig config = KmsSession.config(keystore);
            S3Location at;
            try {
                String p = prefix;
                if (p == null && config.localAuditDelivery() != null
                        && config.localAuditDelivery().bucket().bucket().equals(bucket)) {
                    p = config.localAuditDelivery().bucket().prefix();
                }
                at = new S3Location(bucket, p == null ? "" : p);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
            return AuditBucketCheck.run(config, at, passwordFile, env(), json, spec.commandLine().getOut());
        }
        if (prefix != null) {
            throw new UsageException("--prefix goes with --bucket");
        }
        Path file = log != null ? log : home().resolve(DEFAULT_LOG_NAME);
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no audit log at " + file);
        }
        // The log is read only: opening the KMS would take its lock and append to it. The key is read beside it.
        // A rotated refusal log is followed back through its older files.
        String keyUnavailable = null;
        AuditVerification v;
        try (AuditKey key = auditKey(file)) {
            if (key == null) {
                keyUnavailable = keyProblem;
            }
            v = RefusalLog.verify(file, key);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = JsonOutput.object();
            o.put("log", file.toString());
            o.put("ok", v.ok());
            o.put("verifiedLines", v.lines());
            o.put("keyedLines", v.keyedLines());
            o.put("keyChecked", v.keyChecked());
            if (keyUnavailable != null) {
                o.put("keyUnavailable", keyUnavailable);
            }
            if (!v.ok()) {
                o.put("brokenLine", v.brokenLine());
                o.put("problem", v.problem());
            }
            JsonOutput.print(out, o);
        } else if (v.ok()) {
            out.println(okLine(v, file, keyUnavailable));
        } else {
            out.println("BROKEN at line " + v.brokenLine() + " of " + file + ": " + v.problem() + " ("
                    + v.lines() + " lines before it verified)");
        }
        out.flush();
        return v.ok() ? EnvelopeCli.OK : EnvelopeCli.DECRYPTION_FAILED;
    }

    /** Why the key could not be used, when {@link #auditKey} returned null. */
    private String keyProblem;

    /**
     * The audit key of the store the log belongs to: the store of --keystore, else the log's own directory when it
     * holds a store (root.json), else the default store when no --log was given. Null (with {@link #keyProblem})
     * when there is none or it cannot be opened without a password.
     */
    private AuditKey auditKey(Path file) throws Exception {
        Path store = keystore != null || log == null ? home() : file.toAbsolutePath().getParent();
        if (store == null || !Files.isRegularFile(store.resolve(LocalKms.ROOT_HEADER))) {
            keyProblem = "no embedded KMS store beside the log (--keystore names it)";
            return null;
        }
        char[] password = AuditKey.storeUsesPassword(store) ? KmsSession.password(passwordFile, env()) : null;
        if (AuditKey.storeUsesPassword(store) && password == null) {
            keyProblem = "the store in " + store + " is protected by a password and none was given (--password-file "
                    + "FILE or " + KmsOptions.PASSWORD_VARIABLE + ")";
            return null;
        }
        try {
            return AuditKey.forStore(store, password);
        } catch (WrongPasswordException e) {
            throw new UsageException(e.getMessage(), e);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static String okLine(AuditVerification v, Path file, String keyUnavailable) {
        String head = "OK: " + v.lines() + (v.lines() == 1 ? " line" : " lines") + " verified in " + file;
        if (v.lines() == 0) {
            return head;
        }
        if (v.keyedLines() > 0 && !v.keyChecked()) {
            return "OK (structure only): " + v.lines() + (v.lines() == 1 ? " line" : " lines") + " in " + file
                    + "; only the unkeyed structure was checked: the HMAC of its " + v.keyedLines()
                    + " keyed lines needs the store's root key, and " + keyUnavailable;
        }
        if (v.keyedLines() == 0) {
            return head + " (unkeyed: a SHA-256 chain, which anybody who can write the file can re-compute)";
        }
        if (v.unkeyedLines() > 0) {
            return head + " (" + v.keyedLines() + " keyed lines, HMAC checked with the store's root key; the first "
                    + v.unkeyedLines() + " are an unkeyed SHA-256 chain from before the store keyed its log)";
        }
        return head + " (keyed: HMAC checked with the store's root key)";
    }

    /** The environment the command line was given; the process's when this command runs on its own (tests). */
    private Map<String, String> env() {
        EnvelopeCli cli = (EnvelopeCli) spec.root().userObject();
        return cli != null ? cli.env() : System.getenv();
    }

    private Path home() throws Exception {
        return keystore == null ? KeyStoreConfig.defaultHome() : KmsSession.config(keystore).localPath();
    }
}
