package org.envelopejca.server;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * A fresh self-signed TLS server certificate (ECDSA P-256, SHA-256) for the endpoint, built with Bouncy Castle's
 * ASN.1 classes (the provider's bcprov; no PKIX library) and signed through the JCA. It lives in memory only, so
 * each start has a new one: clients must be told to trust it (or, for tests, to skip verification).
 *
 * @param certificate the certificate
 * @param sslContext  a TLS context whose key manager presents it
 */
public record SelfSignedCertificate(X509Certificate certificate, SSLContext sslContext) {
    /** id-ecdsa-with-SHA256 (RFC 5758). */
    private static final ASN1ObjectIdentifier ECDSA_WITH_SHA256 = new ASN1ObjectIdentifier("1.2.840.10045.4.3.2");

    /**
     * @param host     the DNS name or IP address clients connect to (subject alternative name)
     * @param validity how long the certificate is valid from now
     */
    public static SelfSignedCertificate generate(String host, Duration validity) throws GeneralSecurityException {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = kpg.generateKeyPair();
        try {
            X500Name name = new X500Name("CN=" + host.replaceAll("[,=+<>#;\"\\\\]", "_") + ", O=envelope serve");
            Instant now = Instant.now();
            byte[] serial = new byte[16];
            new SecureRandom().nextBytes(serial);
            serial[0] &= 0x7F;
            AlgorithmIdentifier sigAlg = new AlgorithmIdentifier(ECDSA_WITH_SHA256);

            V3TBSCertificateGenerator tbsGen = new V3TBSCertificateGenerator();
            tbsGen.setSerialNumber(new ASN1Integer(new BigInteger(1, serial)));
            tbsGen.setSignature(sigAlg);
            tbsGen.setIssuer(name);
            tbsGen.setSubject(name);
            tbsGen.setStartDate(new Time(Date.from(now.minus(Duration.ofMinutes(5)))));
            tbsGen.setEndDate(new Time(Date.from(now.plus(validity))));
            tbsGen.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
            ExtensionsGenerator ext = new ExtensionsGenerator();
            ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            ext.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            ext.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            ext.addExtension(Extension.subjectAlternativeName, false, alternativeNames(host));
            tbsGen.setExtensions(ext.generate());
            TBSCertificate tbs = tbsGen.generateTBSCertificate();

            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(tbs.getEncoded("DER"));
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(tbs);
            v.add(sigAlg);
            v.add(new DERBitString(signer.sign()));
            byte[] der = Certificate.getInstance(new DERSequence(v)).getEncoded("DER");
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            cert.verify(pair.getPublic());

            char[] password = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", pair.getPrivate(), password, new java.security.cert.Certificate[]{cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return new SelfSignedCertificate(cert, ctx);
        } catch (IOException e) {
            throw new GeneralSecurityException("could not encode the certificate", e);
        }
    }

    private static GeneralNames alternativeNames(String host) {
        List<GeneralName> names = new ArrayList<>();
        boolean ip = host.matches("[0-9.]+") || host.contains(":");
        names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
        if (!host.equals("localhost")) {
            names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        }
        if (!host.equals("127.0.0.1")) {
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        }
        return new GeneralNames(names.toArray(new GeneralName[0]));
    }

    /** The certificate in PEM, for clients to trust ({@code AWS_CA_BUNDLE}, {@code --ca-bundle}). */
    public String pem() {
        try {
            String b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
