package org.envelopejca.keystore;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.envelopejca.EnvelopeProvider;

/** X.509 certificates for tests, built with Bouncy Castle's PKIX library; KMS handles sign through Envelope. */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private static final EnvelopeProvider ENVELOPE = new EnvelopeProvider();

    private TestCertificates() {
    }

    public static X509Certificate selfSigned(String dn, PublicKey publicKey, PrivateKey signer, String algorithm)
            throws Exception {
        return issue(new X500Principal(dn), new X500Principal(dn), publicKey, signer, algorithm, true);
    }

    public static X509Certificate issued(X509Certificate issuer, PrivateKey issuerKey, String dn, PublicKey subjectKey,
                                         String algorithm) throws Exception {
        return issue(issuer.getSubjectX500Principal(), new X500Principal(dn), subjectKey, issuerKey, algorithm, false);
    }

    private static X509Certificate issue(X500Principal issuer, X500Principal subject, PublicKey publicKey,
                                         PrivateKey signer, String algorithm, boolean ca) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(30))), subject, publicKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        JcaContentSignerBuilder contentSigner = new JcaContentSignerBuilder(algorithm);
        if (signer instanceof KmsSigningKey) {
            contentSigner.setProvider(ENVELOPE);
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner.build(signer)));
    }
}
