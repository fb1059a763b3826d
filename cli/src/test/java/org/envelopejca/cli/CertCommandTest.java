package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cert self-signed, request, import and show over KMS signing keys, checked by Bouncy Castle and openssl. */
class CertCommandTest {
    @TempDir
    Path dir;

    private static KmsStore withSigningKey(Path dir, String alias) throws IOException {
        KmsStore kms = KmsStore.in(dir);
        kms.ok("keys create", "--alias", alias, "--usage", "SIGN_VERIFY", "--spec", "ECC_NIST_P256");
        return kms;
    }

    private static Object pem(Path file) throws IOException {
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(file)))) {
            return p.readObject();
        }
    }

    @Test
    void selfSignedIsKeptAsTheChainAndOpensslAcceptsIt() throws Exception {
        KmsStore kms = withSigningKey(dir, "web");
        Path file = dir.resolve("web.pem");
        String said = kms.ok("cert self-signed", "--key", "web", "--subject", "CN=web.example,O=Example", "--days",
                "30", "--out", file.toString());
        assertTrue(said.contains("SHA256withECDSA"), said);
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) pem(file));
        assertEquals("CN=web.example,O=Example", cert.getSubjectX500Principal().getName());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        cert.verify(cert.getPublicKey()); // signed by the key it carries: KMS signed with the alias's key
        long days = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()).toDays();
        assertEquals(30, days);

        // the same certificate as the alias's chain, after a fresh load of the KeyStore
        JsonNode shown = kms.json("cert show", "--key", "web");
        assertEquals(1, shown.get("chain").size());
        assertEquals(cert.getSerialNumber().toString(16), shown.get("chain").get(0).get("serial").asText());
        assertEquals("EC", shown.get("chain").get(0).get("keyAlgorithm").asText());
        assertEquals(kms.arn("web"), shown.get("keyArn").asText());

        // stdout without --out
        CliRun toStdout = kms.run("cert self-signed", "--key", "web", "--subject", "CN=again");
        assertEquals(EnvelopeCli.OK, toStdout.exitCode(), toStdout::toString);
        assertTrue(toStdout.stdoutAsText().startsWith("-----BEGIN CERTIFICATE-----"), toStdout.stdoutAsText());

        requireOpenssl();
        String text = openssl("x509", "-in", file.toString(), "-noout", "-text");
        assertTrue(text.contains("ecdsa-with-SHA256"), text);
        assertTrue(text.contains("CN = web.example") || text.contains("CN=web.example"), text);
        String verified = openssl("verify", "-CAfile", file.toString(), file.toString());
        assertTrue(verified.contains(": OK"), verified);
    }

    @Test
    void requestIsSignedByTheKmsKeyAndOpensslVerifiesIt() throws Exception {
        KmsStore kms = withSigningKey(dir, "api");
        Path file = dir.resolve("api.csr");
        kms.ok("cert request", "--key", "api", "--subject", "CN=api.example", "--out", file.toString());
        PKCS10CertificationRequest csr = (PKCS10CertificationRequest) pem(file);
        assertEquals("CN=api.example", csr.getSubject().toString());
        PublicKey kmsKey = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(csr).getPublicKey();
        assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(kmsKey)));
        requireOpenssl();
        String verified = openssl("req", "-verify", "-in", file.toString(), "-noout");
        assertTrue(verified.toLowerCase().contains("verif") && verified.contains("OK"), verified);
    }

    @Test
    void caReplyImportsAndAMismatchingChainIsRefused() throws Exception {
        KmsStore kms = withSigningKey(dir, "server");
        Path csrFile = dir.resolve("server.csr");
        kms.ok("cert request", "--key", "server", "--subject", "CN=server", "--out", csrFile.toString());
        PKCS10CertificationRequest csr = (PKCS10CertificationRequest) pem(csrFile);

        // a CA of plain software keys issues the certificate the request asks for
        KeyPair ca = ecKeys();
        X509Certificate caCert = certificate(new X500Name("CN=Test CA"), new X500Name("CN=Test CA"), ca.getPublic(),
                ca.getPrivate(), true);
        PublicKey requested = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(csr).getPublicKey();
        X509Certificate leaf = certificate(new X500Name("CN=Test CA"), csr.getSubject(), requested, ca.getPrivate(),
                false);
        Path reply = Files.writeString(dir.resolve("reply.pem"), Pem.of(leaf, caCert));
        String installed = kms.ok("cert import", "--key", "server", "--chain", reply.toString());
        assertTrue(installed.contains("a chain of 2"), installed);

        JsonNode chain = kms.json("cert show", "--key", "server").get("chain");
        assertEquals(2, chain.size());
        assertEquals("CN=server", chain.get(0).get("subject").asText());
        assertEquals("CN=Test CA", chain.get(0).get("issuer").asText());
        assertEquals("CN=Test CA", chain.get(1).get("subject").asText());
        String text = kms.ok("cert show", "--key", "server");
        assertTrue(text.contains("issuer:      CN=Test CA"), text);

        // a certificate of another key: refused, exit code 2, the stored chain unchanged
        X509Certificate foreign = certificate(new X500Name("CN=Test CA"), new X500Name("CN=server"),
                ecKeys().getPublic(), ca.getPrivate(), false);
        Path wrong = Files.writeString(dir.resolve("wrong.pem"), Pem.of(foreign, caCert));
        CliRun refused = kms.run("cert import", "--key", "server", "--chain", wrong.toString());
        assertEquals(EnvelopeCli.USAGE, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("does not carry the public key"), refused.stderr());
        assertEquals(chain, kms.json("cert show", "--key", "server").get("chain"));

        // bounded input: too many certificates, too large a file, or not PEM certificates are usage errors too
        Path many = Files.writeString(dir.resolve("many.pem"), Pem.of(leaf).repeat(Pem.MAX_CERTIFICATES + 1));
        CliRun tooMany = kms.run("cert import", "--key", "server", "--chain", many.toString());
        assertEquals(EnvelopeCli.USAGE, tooMany.exitCode(), tooMany::toString);
        assertTrue(tooMany.stderr().contains("more than"), tooMany.stderr());
        Path large = Files.write(dir.resolve("large.pem"), new byte[(int) Pem.MAX_FILE + 1]);
        CliRun tooLarge = kms.run("cert import", "--key", "server", "--chain", large.toString());
        assertEquals(EnvelopeCli.USAGE, tooLarge.exitCode(), tooLarge::toString);
        assertTrue(tooLarge.stderr().contains("larger than"), tooLarge.stderr());
        CliRun notPem = kms.run("cert import", "--key", "server", "--chain", csrFile.toString());
        assertEquals(EnvelopeCli.USAGE, notPem.exitCode(), notPem::toString);
        assertEquals(chain, kms.json("cert show", "--key", "server").get("chain"));
    }

    @Test
    void keysThatCannotHoldACertificateAreUsageErrors() throws Exception {
        KmsStore kms = KmsStore.in(dir);
        kms.ok("keys create", "--alias", "data");
        assertEquals(EnvelopeCli.USAGE, kms.run("cert self-signed", "--key", "data", "--subject", "CN=x").exitCode());
        assertEquals(EnvelopeCli.USAGE, kms.run("cert show", "--key", "missing").exitCode());
        kms.ok("keys create", "--alias", "p256", "--usage", "SIGN_VERIFY", "--spec", "ECC_NIST_P256");
        CliRun noChain = kms.run("cert show", "--key", "p256");
        assertEquals(EnvelopeCli.USAGE, noChain.exitCode(), noChain::toString);
        CliRun rsaAlgorithm = kms.run("cert self-signed", "--key", "p256", "--subject", "CN=x", "--sigalg",
                "SHA256withRSA");
        assertEquals(EnvelopeCli.USAGE, rsaAlgorithm.exitCode(), rsaAlgorithm::toString);
        CliRun noDays = kms.run("cert self-signed", "--key", "p256", "--subject", "CN=x", "--days", "0");
        assertEquals(EnvelopeCli.USAGE, noDays.exitCode(), noDays::toString);
        CliRun badSubject = kms.run("cert request", "--key", "p256", "--subject", "not a name");
        assertEquals(EnvelopeCli.USAGE, badSubject.exitCode(), badSubject::toString);
        assertEquals(EnvelopeCli.USAGE, kms.run("cert show", "--key", "p256").exitCode(), "nothing stored");
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static X509Certificate certificate(X500Name issuer, X500Name subject, PublicKey key, PrivateKey signer,
            boolean ca) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    private static void requireOpenssl() {
        boolean found = org.envelopejca.kms.SigningPeers.opensslAvailable();
        if (!found && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("openssl is not on the PATH (CI=true: the interop check is required)");
        }
        assumeTrue(found, "openssl is not on the PATH");
    }

    private static String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "openssl did not finish");
        assertEquals(0, p.exitValue(), () -> command + ": " + out);
        return out;
    }
}
