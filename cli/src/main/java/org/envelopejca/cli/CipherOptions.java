package org.envelopejca.cli;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.WrappingKey;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.message.CommitmentPolicy;
import picocli.CommandLine.Mixin;

/**
 * What {@code encrypt} and {@code decrypt} share: the wrapping key, where the bytes come from and go to, the progress
 * bar, and the steps from these options to the cipher run over the data. The context and the commitment policy are
 * the commands' own options (their help says what each means there) and come in as arguments.
 */
final class CipherOptions {

    @Mixin
    KeyOptions key;

    @Mixin
    DataOptions data;

    @Mixin
    ProgressOption progress;

    /** Finds (or, for {@code encrypt --create-key}, makes) the KMS key one {@code --key} names. */
    interface KeyLookup {
        KmsKey find(String reference) throws Exception;
    }

    Input input(EnvelopeCli cli) throws UsageException {
        return Input.of(data.in, cli.stdin());
    }

    Output output(EnvelopeCli cli, Input input) throws UsageException, IOException {
        return Output.of(data.out, cli.stdout(), input);
    }

    /** The {@code --key} keys' handles in the order given, in a list the caller may still add to. */
    List<KmsKey> kmsKeys(KeyLookup lookup) throws Exception {
        List<KmsKey> handles = new ArrayList<>();
        for (String reference : key.kmsKeys) {
            handles.add(lookup.find(reference));
        }
        return handles;
    }

    /**
     * The keys after the first, which goes to {@code Cipher.init}: one EDK per key, the first key's keyring
     * generates the data key and each further one wraps it too; decrypting, any of them may unwrap it.
     */
    static List<WrappingKey> additionalKeys(List<KmsKey> handles) {
        List<WrappingKey> more = new ArrayList<>();
        for (KmsKey h : handles.subList(1, handles.size())) {
            more.add(WrappingKey.of(h));
        }
        return more;
    }

    /**
     * The parameters from these options, the context, the commitment policy and the further keys, with what the
     * command adds ({@code own}); a value the builder refuses is a usage error.
     *
     * @param commitmentPolicy null for the provider's default
     */
    EnvelopeParameterSpec parameters(List<String> context, CommitmentPolicy commitmentPolicy,
                                     List<WrappingKey> additionalKeys, Consumer<EnvelopeParameterSpec.Builder> own)
            throws UsageException {
        try {
            EnvelopeParameterSpec.Builder b = EnvelopeParameterSpec.builder()
                    .encryptionContext(ContextArguments.parse(context))
                    .keyNamespace(key.keyNamespace)
                    .keyName(key.keyName);
            additionalKeys.forEach(b::additionalKey);
            if (commitmentPolicy != null) {
                b.commitmentPolicy(commitmentPolicy);
            }
            own.accept(b);
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    void transfer(String task, int mode, Key wrappingKey, EnvelopeParameterSpec parameters, Input input, Output output)
            throws IOException, GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(EnvelopeProvider.CIPHER, new EnvelopeProvider());
        cipher.init(mode, wrappingKey, parameters);
        Transfer.run(task, cipher, input, output, progress.progress);
    }
}
