package org.envelopejca.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Install a certificate chain (a CA's reply, PEM, the key's certificate first) as the alias's "
                + "chain. Refused (exit code 2, nothing changed) when the first certificate does not carry the "
                + "key's public key.")
final class CertImportCommand extends KmsCommand {
    @Mixin
    CertificateKey key;

    @Option(names = "--chain", required = true, paramLabel = "FILE", order = 2,
            description = "The chain, PEM certificates, the key's own first.")
    Path chain;

    @Override
    void run(KmsSession session, PrintWriter text) throws Exception {
        List<X509Certificate> certificates = Pem.certificates(chain);
        CertificateKey.Resolved r = key.resolve(session);
        CertificateKey.install(session, r, certificates.toArray(Certificate[]::new));
        X509Certificate first = certificates.get(0);
        if (json) {
            JsonOutput.print(text, JsonOutput.object().put("alias", r.alias()).put("keyArn", r.key().keyArn())
                    .put("subject", first.getSubjectX500Principal().getName())
                    .put("certificates", certificates.size()));
        } else {
            text.println("installed a chain of " + certificates.size() + " for " + r.alias() + ": "
                    + first.getSubjectX500Principal().getName() + ", issued by "
                    + first.getIssuerX500Principal().getName());
        }
    }
}
