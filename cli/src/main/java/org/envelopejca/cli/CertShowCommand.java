package org.envelopejca.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show the alias's certificate chain: subject, issuer, serial, validity, key algorithm and "
                + "SHA-256 fingerprint of each certificate.")
final class CertShowCommand extends KmsCommand {
    @Mixin
    CertificateKey key;

    /** SHA-256 of the certificate's DER, as keytool prints it (AB:CD:...). */
    static String fingerprint(X509Certificate x) throws GeneralSecurityException {
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(x.getEncoded()));
    }

    @Override
    void run(KmsSession session, PrintWriter text) throws Exception {
        CertificateKey.Resolved r = key.resolve(session);
        Certificate[] chain = session.keyStore().getCertificateChain(r.alias());
        if (chain == null) {
            throw new UsageException(r.alias() + " has no certificate chain (envelope cert self-signed, or cert "
                    + "request then cert import)");
        }
        ObjectNode root = JsonOutput.object().put("alias", r.alias()).put("keyArn", r.key().keyArn());
        ArrayNode list = root.putArray("chain");
        for (Certificate c : chain) {
            X509Certificate x = (X509Certificate) c;
            list.addObject().put("subject", x.getSubjectX500Principal().getName())
                    .put("issuer", x.getIssuerX500Principal().getName())
                    .put("serial", x.getSerialNumber().toString(16))
                    .put("notBefore", x.getNotBefore().toInstant().toString())
                    .put("notAfter", x.getNotAfter().toInstant().toString())
                    .put("keyAlgorithm", x.getPublicKey().getAlgorithm())
                    .put("sha256", fingerprint(x));
        }
        if (json) {
            JsonOutput.print(text, root);
            return;
        }
        text.println(r.alias() + " (" + r.key().keyArn() + "): a chain of " + chain.length);
        for (int i = 0; i < list.size(); i++) {
            var c = list.get(i);
            text.println("[" + i + "] subject:     " + c.get("subject").asText());
            text.println("    issuer:      " + c.get("issuer").asText());
            text.println("    serial:      " + c.get("serial").asText());
            text.println("    valid:       " + c.get("notBefore").asText() + " to " + c.get("notAfter").asText());
            text.println("    key:         " + c.get("keyAlgorithm").asText());
            text.println("    SHA-256:     " + c.get("sha256").asText());
        }
    }
}
