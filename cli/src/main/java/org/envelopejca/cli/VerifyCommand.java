package org.envelopejca.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.envelopejca.kms.MessageType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Verify a file's signature with a KMS signing key (KMS Verify of the file's digest). Exit code "
                + "0: valid; 1: not valid (as for a message that does not decrypt).")
final class VerifyCommand extends KmsCommand {
    /** Far above any KMS signature (RSA 4096: 512 bytes); KMS Verify takes up to 6144. */
    private static final long MAX_SIGNATURE = 6144;

    @Mixin
    SignatureOptions options;

    @Option(names = "--signature", required = true, paramLabel = "FILE", order = 4,
            description = "The signature, raw (as envelope sign and aws kms sign write it).")
    Path signature;

    @Override
    void run(KmsSession session, PrintWriter text) throws Exception {
        if (Files.size(signature) > MAX_SIGNATURE) {
            throw new UsageException(signature + " is larger than any KMS signature");
        }
        SignatureOptions.Resolved r = options.resolve(session);
        boolean valid = session.kms().verify(r.keyArn(), options.digest(r.algorithm()), MessageType.DIGEST,
                Files.readAllBytes(signature), r.algorithm());
        if (json) {
            JsonOutput.print(text, JsonOutput.object().put("keyArn", r.keyArn())
                    .put("signingAlgorithm", r.algorithm().name()).put("signatureValid", valid));
        } else {
            text.println((valid ? "valid" : "NOT valid") + ": signature of " + options.in + " by " + r.keyArn()
                    + " (" + r.algorithm() + ")");
        }
        if (!valid) {
            throw new InvalidSignature();
        }
    }

    /** A signature that does not verify: exit code 1, like a message that does not decrypt. */
    static final class InvalidSignature extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidSignature() {
            super("the signature is not valid");
        }
    }
}
