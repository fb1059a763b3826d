package org.envelopejca.cli;

import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeRangeDecryptor;
import org.envelopejca.WrappingKey;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.Page;
import org.envelopejca.message.CommitmentPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "decrypt", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Decrypt an AWS Encryption SDK message with KMS keys (--key: only those keys; --discovery: any key "
                    + "the KMS lets us use) or a raw AES key (--key-file).",
            "To a file: the plaintext is written to a temporary file beside it and renamed into place only after the "
                    + "whole message verified, so a failed decryption leaves no output (and an existing file as it was).",
            "To standard output (--out -): the plaintext is released frame by frame, each frame only after its "
                    + "authentication tag verified; a failure (exit code 1) can come after earlier frames were "
                    + "written, e.g. for a truncated message or a bad signature.",
            "A range (--range, --offset/--length): only that plaintext is written, after the header, the final "
                    + "frame and every frame under the range verified; the other frames are not read."})
final class DecryptCommand implements Callable<Integer> {

    @ParentCommand
    EnvelopeCli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    CipherOptions options;

    @Option(names = "--discovery", order = 5,
            description = "Use any KMS key of the KMS KeyStore's engine that opens one of the message's encrypted "
                    + "data keys (ESDK discovery), instead of only the --key keys.")
    boolean discovery;

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
    RangeOptions range;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        KeyOptions key = options.key;
        key.check(spec, discovery);
        RangeOptions.PlaintextRange plaintextRange = range.parse();
        Input input = options.input(cli);
        Output output = options.output(cli, input);
        EnvelopeParameterSpec parameters = parameters(List.of());

        if (key.keyFile != null) {
            SecretKey secretKey = key.load(spec.qualifiedName(), err);
            return decrypt(secretKey, parameters, plaintextRange, input, output);
        }
        try (KmsSession session = KmsSession.open(key.kms, cli.env(), err)) {
            List<KmsKey> handles = options.kmsKeys(session::key);
            if (handles.isEmpty()) {
                // discovery needs only the engine, which any handle of the store reaches
                handles.add(anyKey(session));
            }
            return decrypt(handles.get(0), parameters(CipherOptions.additionalKeys(handles)), plaintextRange, input,
                    output);
        }
    }

    /** The range asked for through the range decryptor, else the whole message through the Cipher. */
    private int decrypt(Key decryptionKey, EnvelopeParameterSpec parameters, RangeOptions.PlaintextRange plaintextRange,
                        Input input, Output output) throws Exception {
        if (plaintextRange != null) {
            RangeTransfer.run(rangeDecryptor(decryptionKey, parameters), input, output, plaintextRange);
        } else {
            options.transfer("decrypt", Cipher.DECRYPT_MODE, decryptionKey, parameters, input, output);
        }
        return EnvelopeCli.OK;
    }

    private EnvelopeRangeDecryptor rangeDecryptor(Key decryptionKey, EnvelopeParameterSpec parameters)
            throws GeneralSecurityException {
        EnvelopeRangeDecryptor.Builder b = EnvelopeRangeDecryptor.builder(decryptionKey).parameters(parameters);
        if (range.withoutCheckingSignature) {
            b.readSignedMessagesWithoutVerifyingSignature();
        }
        return b.build();
    }

    private static KmsKey anyKey(KmsSession session) throws Exception {
        Page<KeyMetadata> page = session.kms().listKeys(1, null);
        if (page.items().isEmpty()) {
            throw new UsageException(session.where() + " has no keys: nothing can decrypt");
        }
        return session.key(page.items().get(0).arn());
    }

    private EnvelopeParameterSpec parameters(List<WrappingKey> additionalKeys) throws UsageException {
        return options.parameters(context, commitmentPolicy, additionalKeys, b -> {
            b.discovery(discovery);
            if (maxEncryptedDataKeys != null) {
                b.maxEncryptedDataKeys(maxEncryptedDataKeys);
            }
        });
    }
}
