package org.envelopejca.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "cert", mixinStandardHelpOptions = true,
        description = "X.509 certificates of KMS signing keys, kept as the alias's chain in the KMS KeyStore: "
                + "self-signed, a PKCS#10 request, the CA's reply, and what is stored; and trusted certificate entries "
                + "(trust, trusted, untrust), so that the store also serves as a trust store. The private key never "
                + "leaves KMS: every signature is a KMS Sign call.",
        subcommands = {CertSelfSignedCommand.class, CertRequestCommand.class, CertImportCommand.class,
            CertShowCommand.class, CertTrustCommand.class, CertTrustedCommand.class, CertUntrustCommand.class})
final class CertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EnvelopeCli.USAGE;
    }
}
