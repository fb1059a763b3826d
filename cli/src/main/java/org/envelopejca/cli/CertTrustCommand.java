package org.envelopejca.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "trust", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Add a trusted certificate entry (one PEM certificate, e.g. a CA's) to the KMS KeyStore, so "
                + "that the store also serves as a trust store. Refused (exit code 2, nothing changed) for an alias "
                + "of a key, an alias that is already trusted (unless --replace), or a file of anything but one "
                + "certificate.")
final class CertTrustCommand extends KmsCommand {
    @Option(names = "--alias", required = true, paramLabel = "ALIAS", order = 1,
            description = "The entry's alias (alias/NAME or NAME); not the alias of a KMS key.")
    String alias;

    @Option(names = "--cert", required = true, paramLabel = "FILE", order = 2,
            description = "The certificate, PEM.")
    Path file;

    @Option(names = "--replace", order = 3, description = "Replace the certificate of an existing trusted entry.")
    boolean replace;

    @Override
    void run(KmsSession session, PrintWriter text) throws Exception {
        String name = KeyReference.aliasToCreate(alias);
        List<X509Certificate> certificates = Pem.certificates(file);
        if (certificates.size() != 1) {
            throw new UsageException(file + " holds " + certificates.size() + " certificates; a trusted entry is "
                    + "one certificate (trust each under its own alias)");
        }
        X509Certificate cert = certificates.get(0);
        KeyStore store = session.keyStore();
        if (store.isKeyEntry(name)) {
            throw new UsageException(name + " is the alias of a KMS key; a trusted certificate needs another alias");
        }
        if (store.isCertificateEntry(name) && !replace) {
            throw new UsageException(name + " is already a trusted certificate entry (--replace to replace it)");
        }
        try {
            store.setCertificateEntry(name, cert);
        } catch (KeyStoreException e) {
            throw new UsageException(name + ": " + e.getMessage(), e);
        }
        // store() writes the certificates file (and the configuration, to a stream this command does not need)
        store.store(OutputStream.nullOutputStream(), null);
        if (json) {
            JsonOutput.print(text, JsonOutput.object().put("alias", name)
                    .put("subject", cert.getSubjectX500Principal().getName())
                    .put("sha256", CertShowCommand.fingerprint(cert)));
        } else {
            text.println("trusted " + name + ": " + cert.getSubjectX500Principal().getName() + " (SHA-256 "
                    + CertShowCommand.fingerprint(cert) + ")");
        }
    }
}
