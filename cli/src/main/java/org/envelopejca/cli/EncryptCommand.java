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
import org.envelopejca.WrappingKey;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.keystore.KmsKeyGenParameterSpec;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.message.CommitmentPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "encrypt", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Encrypt a file or standard input into an AWS Encryption SDK message under KMS keys (--key) or a "
                + "raw AES key (--key-file).")
final class EncryptCommand implements Callable<Integer> {

    @ParentCommand
    EnvelopeCli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    CipherOptions options;

    @Option(names = "--create-key", order = 5,
            description = "With --key alias/NAME: create a KMS key (symmetric, yearly automatic rotation) with that "
                    + "alias if the alias does not exist; an existing alias is used.")
    boolean createKey;

    @Option(names = "--generate-key", order = 6,
            description = "With --key-file: create the key file with 32 random bytes (owner read/write only) if it "
                    + "does not exist; an existing key file is used, never overwritten.")
    boolean generateKey;

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

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        KeyOptions key = options.key;
        key.check(spec, false);
        if (createKey && !key.usesKms()) {
            throw new UsageException("--create-key applies to --key (KMS keys); for a key file use --generate-key");
        }
        if (generateKey && key.usesKms()) {
            throw new UsageException("--generate-key applies to --key-file; for a KMS key use --create-key");
        }
        Input input = options.input(cli);
        Output output = options.output(cli, input);
        EnvelopeParameterSpec parameters = parameters(List.of());

        if (!key.usesKms()) {
            SecretKey secretKey = keyFromFile(key.keyFile, err);
            options.transfer("encrypt", Cipher.ENCRYPT_MODE, secretKey, parameters, input, output);
            return EnvelopeCli.OK;
        }
        try (KmsSession session = KmsSession.open(key.kms, cli.env(), err)) {
            List<KmsKey> handles = options.kmsKeys(reference -> kmsKey(session, reference, err));
            options.transfer("encrypt", Cipher.ENCRYPT_MODE, handles.get(0),
                    parameters(CipherOptions.additionalKeys(handles)), input, output);
        }
        return EnvelopeCli.OK;
    }

    private KmsKey kmsKey(KmsSession session, String reference, PrintWriter err) throws Exception {
        KmsKey handle = session.findKey(reference);
        if (handle != null || !createKey) {
            return handle != null ? handle : session.key(reference);
        }
        String alias = KeyReference.normalize(reference);
        if (!KeyReference.isAliasName(alias)) {
            throw new UsageException("--create-key needs an alias (alias/NAME), not a key ID or ARN: " + reference);
        }
        KeyMetadata created = session.createKey(KmsKeyGenParameterSpec.defaults(), KeyReference.aliasToCreate(alias));
        err.println(spec.qualifiedName() + ": created KMS key " + created.arn() + " with alias " + alias + " in "
                + session.where());
        err.flush();
        return session.key(alias);
    }

    private EnvelopeParameterSpec parameters(List<WrappingKey> additionalKeys) throws UsageException {
        EnvelopeParameterSpec parameters = options.parameters(context, commitmentPolicy, additionalKeys, b -> {
            if (suite != null) {
                b.algorithmSuite(suite);
            }
            if (frameLength != null) {
                b.frameLength(frameLength);
            }
        });
        // checked here too, before --generate-key or --create-key creates a key for a command that cannot run
        if (!parameters.commitmentPolicy().allowsEncryptWith(parameters.algorithmSuite())) {
            throw new UsageException(String.format("suite 0x%04X cannot be written under commitment policy %s%s",
                    parameters.algorithmSuite().id(), parameters.commitmentPolicy(),
                    parameters.algorithmSuite().isCommitting() ? ""
                            : " (non-committing suites need --commitment-policy FORBID_ENCRYPT_ALLOW_DECRYPT)"));
        }
        return parameters;
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
        return options.key.load(name, err);
    }
}
