package org.envelopejca.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "request", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Make a PKCS#10 certificate signing request (CSR) for a KMS signing key, signed by KMS Sign, "
                + "as PEM: send it to a CA, then install its reply with envelope cert import.")
final class CertRequestCommand extends KmsCommand {
    @Mixin
    CertificateKey key;

    @Option(names = "--subject", required = true, paramLabel = "DN", order = 2,
            description = "The subject, an X.500 name: \"CN=example.com,O=Example\".")
    String subject;

    @Option(names = "--sigalg", paramLabel = "ALG", order = 3,
            description = "The JCA signature algorithm (default: as for cert self-signed).")
    String sigalg;

    @Option(names = "--out", paramLabel = "FILE", order = 4, description = "Where the PEM goes (default: stdout).")
    Path out;

    @Override
    void run(KmsSession session, PrintWriter text) throws Exception {
        CertificateKey.Resolved r = key.resolve(session);
        String algorithm = CertificateKey.signatureAlgorithm(sigalg, r.key());
        // RFC 2986: the request carries the public key and is signed by its private key (here: KMS Sign)
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(CertificateKey.subject(subject),
                r.key().publicKey()).build(CertificateKey.signer(session, r.key(), algorithm));
        Pem.write(Pem.of(csr), out, text);
        if (out != null) {
            if (json) {
                JsonOutput.print(text, JsonOutput.object().put("alias", r.alias()).put("keyArn", r.key().keyArn())
                        .put("subject", csr.getSubject().toString()).put("request", out.toString()));
            } else {
                text.println("certificate request for " + r.alias() + " (" + algorithm + "): " + out);
            }
        }
    }
}
