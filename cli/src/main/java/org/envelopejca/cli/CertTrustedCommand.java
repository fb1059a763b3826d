package org.envelopejca.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import picocli.CommandLine.Command;

@Command(name = "trusted", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the trusted certificate entries of the KMS KeyStore: alias, subject, issuer, validity "
                + "and SHA-256 fingerprint.")
final class CertTrustedCommand extends KmsCommand {

    @Override
    void run(KmsSession session, PrintWriter text) throws Exception {
        KeyStore store = session.keyStore();
        ObjectNode root = JsonOutput.object();
        ArrayNode list = root.putArray("trusted");
        for (String alias : Collections.list(store.aliases())) {
            if (!store.isCertificateEntry(alias)) {
                continue;
            }
            X509Certificate x = (X509Certificate) store.getCertificate(alias);
            ObjectNode o = list.addObject().put("alias", alias)
                    .put("subject", x.getSubjectX500Principal().getName())
                    .put("issuer", x.getIssuerX500Principal().getName())
                    .put("notAfter", x.getNotAfter().toInstant().toString())
                    .put("sha256", CertShowCommand.fingerprint(x));
            if (!json) {
                text.println(o.get("alias").asText() + "  " + o.get("subject").asText() + "  (issuer "
                        + o.get("issuer").asText() + ", until " + o.get("notAfter").asText() + ", SHA-256 "
                        + o.get("sha256").asText() + ")");
            }
        }
        if (json) {
            JsonOutput.print(text, root);
        } else if (list.isEmpty()) {
            text.println("no trusted certificate entries");
        }
    }
}
