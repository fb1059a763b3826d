package org.envelopejca.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.envelopejca.kms.MessageType;
import org.envelopejca.kms.SignResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sign", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sign a file with a KMS signing key: one KMS Sign call of the file's digest (MessageType "
                + "DIGEST); the signature is written raw (RSASSA: modulus-sized; ECDSA: DER).")
final class SignCommand extends KmsCommand {
    @Mixin
    SignatureOptions options;

    @Option(names = "--out", required = true, paramLabel = "FILE", order = 4, description = "Where the signature goes.")
    Path out;

    @Override
    void run(KmsSession session, PrintWriter text) throws Exception {
        SignatureOptions.Resolved r = options.resolve(session);
        SignResult signed = session.kms().sign(r.keyArn(), options.digest(r.algorithm()), MessageType.DIGEST,
                r.algorithm());
        try (AtomicOutput output = AtomicOutput.create(out)) {
            output.stream().write(signed.signature());
            output.commit();
        }
        if (json) {
            JsonOutput.print(text, JsonOutput.object().put("keyArn", signed.keyArn())
                    .put("signingAlgorithm", signed.algorithm().name()).put("signature", out.toString()));
        } else {
            text.println("signed " + options.in + " with " + signed.keyArn() + " (" + signed.algorithm() + "): " + out);
        }
    }
}
