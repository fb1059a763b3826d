package org.envelopejca.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.message.CommitmentPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "decrypt", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Decrypt an AWS Encryption SDK message with a raw AES key.",
            "To a file: the plaintext is written to a temporary file beside it and renamed into place only after the "
                    + "whole message verified, so a failed decryption leaves no output (and an existing file as it was).",
            "To standard output (--out -): the plaintext is released frame by frame, each frame only after its "
                    + "authentication tag verified; a failure (exit code 1) can come after earlier frames were "
                    + "written, e.g. for a truncated message or a bad signature."})
final class DecryptCommand implements Callable<Integer> {

    @ParentCommand
    EnvelopeCli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    KeyOptions key;

    @Mixin
    DataOptions data;

    @Option(names = {"-c", "--context"}, paramLabel = "KEY=VALUE", order = 20,
            description = "Expected encryption context entry (repeatable): each must be in the message with this "
                    + "value, or, if the message does not store it, must have been supplied the same at encryption.")
    List<String> context = new ArrayList<>();

    @Option(names = "--commitment-policy", paramLabel = "POLICY", order = 23,
            description = "One of ${COMPLETION-CANDIDATES} (default: REQUIRE_ENCRYPT_REQUIRE_DECRYPT: "
                    + "only key-committing messages are read).")
    CommitmentPolicy commitmentPolicy;

    @Option(names = "--max-encrypted-data-keys", paramLabel = "N", order = 24,
            description = "Refuse messages with more encrypted data keys (default: "
                    + EnvelopeParameterSpec.DEFAULT_MAX_ENCRYPTED_DATA_KEYS + ").")
    Integer maxEncryptedDataKeys;

    @Mixin
    ProgressOption progress;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Input input = Input.of(data.in, cli.stdin());
        Output output = Output.of(data.out, cli.stdout(), input);
        EnvelopeParameterSpec parameters = parameters();

        SecretKey secretKey = key.load(spec.qualifiedName(), err);
        Cipher cipher = Cipher.getInstance(EnvelopeProvider.CIPHER, new EnvelopeProvider());
        cipher.init(Cipher.DECRYPT_MODE, secretKey, parameters);
        Transfer.run("decrypt", cipher, input, output, progress.progress);
        return EnvelopeCli.OK;
    }

    private EnvelopeParameterSpec parameters() throws UsageException {
        try {
            EnvelopeParameterSpec.Builder b = EnvelopeParameterSpec.builder()
                    .encryptionContext(ContextArguments.parse(context))
                    .keyNamespace(key.keyNamespace)
                    .keyName(key.keyName);
            if (commitmentPolicy != null) {
                b.commitmentPolicy(commitmentPolicy);
            }
            if (maxEncryptedDataKeys != null) {
                b.maxEncryptedDataKeys(maxEncryptedDataKeys);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
