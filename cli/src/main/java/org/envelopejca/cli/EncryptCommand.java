package org.envelopejca.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.message.CommitmentPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "encrypt", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Encrypt a file or standard input into an AWS Encryption SDK message under a raw AES key.")
final class EncryptCommand implements Callable<Integer> {

    @ParentCommand
    EnvelopeCli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    KeyOptions key;

    @Option(names = "--generate-key", order = 4,
            description = "Create the key file with 32 random bytes (owner read/write only) if it does not exist; "
                    + "an existing key file is used, never overwritten.")
    boolean generateKey;

    @Mixin
    DataOptions data;

    @Option(names = {"-c", "--context"}, paramLabel = "KEY=VALUE", order = 20,
            description = "Encryption context entry, stored in the message and authenticated (repeatable).")
    List<String> context = new ArrayList<>();

    @Option(names = "--suite", paramLabel = "ID", converter = SuiteConverter.class, order = 21,
            description = "Algorithm suite ID, e.g. 0x0478 (default) or 0x0578 (adds an ECDSA P-384 signature). "
                    + "Non-committing suites (0x0014..0x0378) need --commitment-policy FORBID_ENCRYPT_ALLOW_DECRYPT.")
    AlgorithmSuite suite;

    @Option(names = "--frame-length", paramLabel = "BYTES", order = 22,
            description = "Plaintext bytes per frame (default: " + EnvelopeParameterSpec.DEFAULT_FRAME_LENGTH + ").")
    Integer frameLength;

    @Option(names = "--commitment-policy", paramLabel = "POLICY", order = 23,
            description = "One of ${COMPLETION-CANDIDATES} (default: REQUIRE_ENCRYPT_REQUIRE_DECRYPT).")
    CommitmentPolicy commitmentPolicy;

    @Mixin
    ProgressOption progress;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Input input = Input.of(data.in, cli.stdin());
        Output output = Output.of(data.out, cli.stdout(), input);
        EnvelopeParameterSpec parameters = parameters();

        SecretKey secretKey = keyFromFile(key.keyFile, err);
        Cipher cipher = Cipher.getInstance(EnvelopeProvider.CIPHER, new EnvelopeProvider());
        cipher.init(Cipher.ENCRYPT_MODE, secretKey, parameters);
        Transfer.run("encrypt", cipher, input, output, progress.progress);
        return EnvelopeCli.OK;
    }

    private EnvelopeParameterSpec parameters() throws UsageException {
        try {
            EnvelopeParameterSpec.Builder b = EnvelopeParameterSpec.builder()
                    .encryptionContext(ContextArguments.parse(context))
                    .keyNamespace(key.keyNamespace)
                    .keyName(key.keyName);
            if (suite != null) {
                b.algorithmSuite(suite);
            }
            if (frameLength != null) {
                b.frameLength(frameLength);
            }
            if (commitmentPolicy != null) {
                b.commitmentPolicy(commitmentPolicy);
            }
            EnvelopeParameterSpec parameters = b.build();
            // checked here too, before --generate-key creates a key file for a command that cannot run
            if (!parameters.commitmentPolicy().allowsEncryptWith(parameters.algorithmSuite())) {
                throw new UsageException(String.format("suite 0x%04X cannot be written under commitment policy %s%s",
                        parameters.algorithmSuite().id(), parameters.commitmentPolicy(),
                        parameters.algorithmSuite().isCommitting() ? ""
                                : " (non-committing suites need --commitment-policy FORBID_ENCRYPT_ALLOW_DECRYPT)"));
            }
            return parameters;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private SecretKey keyFromFile(Path file, PrintWriter err) throws UsageException, IOException {
        String name = spec.qualifiedName();
        if (generateKey) {
            if (RawKeyFile.generateIfMissing(file, new SecureRandom())) {
                err.println(name + ": created key file " + file + " (" + RawKeyFile.GENERATED_KEY_LENGTH
                        + " random bytes, owner read/write only)");
            } else {
                err.println(name + ": key file " + file + " exists; using it");
            }
        }
        err.flush();
        return key.load(name, err);
    }
}
