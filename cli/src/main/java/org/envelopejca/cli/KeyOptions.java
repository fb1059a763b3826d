package org.envelopejca.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.SecretKey;
import org.envelopejca.WrappingKey;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The wrapping key of {@code encrypt} and {@code decrypt}: KMS keys of the KMS KeyStore ({@code --key}), or a raw
 * AES key file and the names it goes by.
 */
final class KeyOptions {

    @Option(names = "--key", paramLabel = "ALIAS|ARN", order = 1,
            description = "KMS key: alias/NAME (or NAME), key ID, key ARN or alias ARN, of the KMS KeyStore "
                    + "(--keystore). Repeatable. Encrypting: one encrypted data key per key (the first generates "
                    + "the data key). Decrypting: only these keys are asked to unwrap it.")
    List<String> kmsKeys = new ArrayList<>();

    @Option(names = "--key-file", paramLabel = "FILE", order = 2,
            description = "Raw AES key instead of a KMS key: a file of exactly 16, 24 or 32 bytes.")
    Path keyFile;

    @Option(names = "--key-namespace", paramLabel = "NAMESPACE", order = 3,
            defaultValue = WrappingKey.DEFAULT_NAMESPACE,
            description = "With --key-file: key namespace recorded in the message (ESDK provider ID; default: "
                    + "${DEFAULT-VALUE}). Decryption must use the writer's.")
    String keyNamespace;

    @Option(names = "--key-name", paramLabel = "NAME", order = 4,
            defaultValue = WrappingKey.DEFAULT_NAME,
            description = "With --key-file: key name recorded in the message (default: ${DEFAULT-VALUE}). "
                    + "Decryption must use the writer's.")
    String keyName;

    @Mixin
    KmsOptions kms;

    boolean usesKms() {
        return !kmsKeys.isEmpty();
    }

    /**
     * Checks that one kind of key was chosen, and no option of the other kind.
     *
     * @param discovery whether {@code --discovery} was given (decrypt), which stands for KMS keys on its own
     */
    void check(CommandSpec spec, boolean discovery) throws UsageException {
        boolean kmsChosen = usesKms() || discovery;
        if (kmsChosen == (keyFile != null)) {
            throw new UsageException(kmsChosen ? "--key-file cannot be combined with "
                    + (usesKms() ? "--key" : "--discovery")
                    : "a key is needed: --key ALIAS|ARN (a KMS key) or --key-file FILE (a raw AES key)");
        }
        if (kmsChosen) {
            for (String rawOnly : new String[] {"--key-namespace", "--key-name"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(rawOnly)) {
                    throw new UsageException(rawOnly + " applies to --key-file only (KMS keys are recorded under "
                            + "the provider ID aws-kms and their key ARN)");
                }
            }
        } else {
            for (String kmsOnly : new String[] {"--keystore", "--password-file"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(kmsOnly)) {
                    throw new UsageException(kmsOnly + " applies to KMS keys (--key) only");
                }
            }
        }
    }

    /** Reads the key file, warning (on {@code err}) when other users can read it. */
    SecretKey load(String command, PrintWriter err) throws UsageException, IOException {
        SecretKey k = RawKeyFile.read(keyFile);
        if (RawKeyFile.readableByOthers(keyFile)) {
            err.println(command + ": warning: key file " + keyFile + " is readable by other users");
            err.flush();
        }
        return k;
    }
}
