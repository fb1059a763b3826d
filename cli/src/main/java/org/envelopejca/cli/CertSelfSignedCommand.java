package org.envelopejca.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "self-signed", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Make a self-signed X.509 certificate for a KMS signing key (signed by KMS Sign), keep it as "
                + "the alias's chain in the KMS KeyStore, and write it as PEM.")
final class CertSelfSignedCommand extends KmsCommand {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Mixin
    CertificateKey key;

    @Option(names = "--subject", required = true, paramLabel = "DN", order = 2,
            description = "The subject (and issuer), an X.500 name: \"CN=example.com,O=Example\".")
    String subject;

    @Option(names = "--days", paramLabel = "N", order = 3, defaultValue = "365",
            description = "Days of validity from now (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--sigalg", paramLabel = "ALG", order = 4,
            description = "The JCA signature algorithm (default: SHA256withECDSA for P-256, SHA384withECDSA for P-384, "
                    + "SHA512withECDSA for P-521, SHA256withRSA for RSA).")
    String sigalg;

    @Option(names = "--out", paramLabel = "FILE", order = 5, description = "Where the PEM goes (default: stdout).")
    Path out;

    @Override
    void check() throws UsageException {
        if (days < 1 || days > 36_500) {
            throw new UsageException("--days is from 1 to 36500: " + days);
        }
    }

    @Override
    void run(KmsSession session, PrintWriter text) throws Exception {
        X500Name name = CertificateKey.subject(subject);
        CertificateKey.Resolved r = key.resolve(session);
        String algorithm = CertificateKey.signatureAlgorithm(sigalg, r.key());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // RFC 5280 4.1.2.2: a positive serial of at most 20 octets, unpredictable (CA/B Baseline: 64 random bits)
        BigInteger serial = new BigInteger(159, RANDOM).setBit(158);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial, Date.from(now),
                Date.from(now.plus(Duration.ofDays(days))), name, r.key().publicKey());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(r.key().publicKey()));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(builder.build(CertificateKey.signer(session, r.key(), algorithm)));
        CertificateKey.install(session, r, new Certificate[]{cert});
        String pem = Pem.of(cert);
        Pem.write(pem, out, text);
        if (out != null) {
            if (json) {
                JsonOutput.print(text, JsonOutput.object().put("alias", r.alias()).put("keyArn", r.key().keyArn())
                        .put("subject", cert.getSubjectX500Principal().getName())
                        .put("serial", cert.getSerialNumber().toString(16)).put("certificate", out.toString()));
            } else {
                text.println("self-signed " + cert.getSubjectX500Principal().getName() + " for " + r.alias() + " ("
                        + algorithm + "), kept as its chain: " + out);
            }
        }
    }
}
