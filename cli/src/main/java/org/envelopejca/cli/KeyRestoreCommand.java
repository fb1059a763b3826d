package org.envelopejca.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.kms.local.CopyTarget;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.envelopejca.kms.local.StoreRestore;
import org.envelopejca.kms.local.StoreRollbackException;
import org.envelopejca.kms.local.WrongPasswordException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keys restore}: brings the embedded KMS's store back from one of its copies (local.copies). The copy must
 * open with the store's password and pass the store's integrity checks, and must not be older than the newest
 * generation known unless {@code --allow-older}; the store file is replaced atomically and the restore is recorded
 * in the audit log. Exit codes: 0 restored; 2 usage or wrong password; 3 a copy that does not open (changed,
 * another store's) or cannot be read; 4 a copy older than the newest known generation.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Restore the embedded KMS's store from a copy (a local.copies target): the newest version, "
                + "or the one named. Refuses a copy that does not open with the store's password or fails its "
                + "integrity check, and one older than the newest generation known unless --allow-older.")
final class KeyRestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KmsOptions kms;

    @Option(names = "--from", required = true, paramLabel = "DIR|s3://BUCKET/PREFIX", order = 1,
            description = "The copy target to restore from.")
    String from;

    @Option(names = "--version", paramLabel = "V", order = 2,
            description = "The version to restore: a directory copy's generation, an S3 object version ID. "
                    + "Default: the newest.")
    String version;

    @Option(names = "--generation", paramLabel = "G", order = 3,
            description = "The store generation to restore (instead of --version).")
    Long generation;

    @Option(names = "--allow-older", order = 4,
            description = "Restore even a copy older than the newest generation known (going back on purpose); "
                    + "the store then takes a generation past the newest known.")
    boolean allowOlder;

    @Option(names = "--json", order = 50, description = "Print JSON instead of text lines.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        EnvelopeCli cli = (EnvelopeCli) spec.root().userObject();
        PrintWriter out = spec.commandLine().getOut();
        if (version != null && generation != null) {
            throw new UsageException("give --version or --generation, not both");
        }
        if (generation != null && generation < 0) {
            throw new UsageException("--generation must be 0 or more");
        }
        if (kms.acceptRollback) {
            // the shared KMS options offer it, but a restore decides with --allow-older, which it records
            throw new UsageException("keys restore does not take --accept-rollback: --allow-older restores an older copy");
        }
        KeyStoreConfig config = KmsSession.config(kms.keystore);
        if (!config.kms().equals("local")) {
            throw new UsageException("keys restore restores the embedded KMS (kms=local); the configured engine is "
                    + config.kms());
        }
        CopyTarget source;
        try {
            source = CopyTarget.parse(from, config.localS3());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--from: " + e.getMessage(), e);
        }
        char[] password = KmsSession.password(kms.passwordFile, cli.env());
        LocalKmsOptions options = KmsSession.localOptions(config).password(password).build();
        if (password != null) {
            Arrays.fill(password, '\0');
        }
        StoreRestore.Result result;
        try (source) {
            result = StoreRestore.restore(config.localPath(), options, source, version, generation, allowOlder);
        } catch (WrongPasswordException e) {
            throw KmsSession.wrongPassword(e);
        } catch (StoreRollbackException e) {
            // like a store found rolled back at open
            throw KmsSession.rolledBack(e);
        } finally {
            options.destroyPassword();
        }
        if (json) {
            ObjectNode node = JsonOutput.object();
            node.put("store", config.localPath().toString());
            node.put("source", result.location());
            node.put("version", result.version());
            node.put("copyGeneration", result.copyGeneration());
            node.put("storeGeneration", result.storeGeneration());
            node.put("newestKnownGeneration", result.newestKnown());
            JsonOutput.print(out, node);
        } else {
            out.println("restored the embedded KMS in " + config.localPath() + " from " + result.location()
                    + " version " + result.version() + " (generation " + result.copyGeneration() + ")"
                    + (result.storeGeneration() != result.copyGeneration()
                    ? "; an older copy, now generation " + result.storeGeneration() : ""));
        }
        out.flush();
        return EnvelopeCli.OK;
    }
}
