package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.envelopejca.EnvelopeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cert trust, trusted and untrust: trusted certificate entries of the KMS KeyStore, seen by the KeyStore API after
 * a fresh load, and every refusal (exit code 2) leaving the store as it was.
 */
class CertTrustCommandTest {
    @TempDir
    Path dir;

    private static X509Certificate ca(String name) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair pair = g.generateKeyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name(name);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject,
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(1))), subject, pair.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }

    private static String sha256(X509Certificate cert) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }

    /** The KMS KeyStore as an application loads it. */
    private static KeyStore load(KmsStore kms) throws Exception {
        KeyStore store = KeyStore.getInstance("KMS", new EnvelopeProvider());
        try (InputStream in = Files.newInputStream(kms.config)) {
            store.load(in, null);
        }
        return store;
    }

    @Test
    void aTrustedEntryIsAddedListedReplacedAndRemoved() throws Exception {
        KmsStore kms = KmsStore.in(dir);
        kms.ok("keys create", "--alias", "web", "--usage", "SIGN_VERIFY", "--spec", "ECC_NIST_P256");
        X509Certificate root = ca("CN=Example Root");
        Path file = Files.writeString(dir.resolve("root.pem"), Pem.of(root));

        JsonNode added = kms.json("cert trust", "--alias", "root", "--cert", file.toString());
        assertEquals("alias/root", added.get("alias").asText());
        assertEquals(sha256(root), added.get("sha256").asText());

        KeyStore store = load(kms);
        assertTrue(store.isCertificateEntry("alias/root"));
        assertFalse(store.isKeyEntry("alias/root"));
        assertEquals(root, store.getCertificate("alias/root"));
        assertEquals("alias/root", store.getCertificateAlias(root));
        assertTrue(store.isKeyEntry("alias/web"), "the key's alias is untouched");

        JsonNode listed = kms.json("cert trusted").get("trusted");
        assertEquals(1, listed.size());
        assertEquals("alias/root", listed.get(0).get("alias").asText());
        assertEquals("CN=Example Root", listed.get(0).get("subject").asText());
        assertEquals(sha256(root), listed.get(0).get("sha256").asText());

        // the same alias again: refused unless --replace
        X509Certificate next = ca("CN=Example Root 2");
        Path nextFile = Files.writeString(dir.resolve("root2.pem"), Pem.of(next));
        CliRun again = kms.run("cert trust", "--alias", "root", "--cert", nextFile.toString());
        assertEquals(EnvelopeCli.USAGE, again.exitCode(), again::toString);
        assertEquals(root, load(kms).getCertificate("alias/root"), "nothing changed");
        kms.ok("cert trust", "--alias", "root", "--cert", nextFile.toString(), "--replace");
        assertEquals(next, load(kms).getCertificate("alias/root"));

        String removed = kms.ok("cert untrust", "--alias", "alias/root");
        assertTrue(removed.contains("alias/root"), removed);
        assertFalse(load(kms).containsAlias("alias/root"));
        assertEquals(0, kms.json("cert trusted").get("trusted").size());
        assertTrue(kms.ok("cert trusted").contains("no trusted certificate entries"));
    }

    @Test
    void refusalsChangeNothing() throws Exception {
        KmsStore kms = KmsStore.in(dir);
        kms.ok("keys create", "--alias", "web", "--usage", "SIGN_VERIFY", "--spec", "ECC_NIST_P256");
        kms.ok("keys create", "--alias", "data");
        String webArn = kms.arn("web");
        String dataArn = kms.arn("data");
        X509Certificate root = ca("CN=Example Root");
        Path one = Files.writeString(dir.resolve("root.pem"), Pem.of(root));

        // the alias of a key (signing or not) cannot become a trusted entry
        CliRun onKey = kms.run("cert trust", "--alias", "web", "--cert", one.toString());
        assertEquals(EnvelopeCli.USAGE, onKey.exitCode(), onKey::toString);
        CliRun onDataKey = kms.run("cert trust", "--alias", "data", "--cert", one.toString());
        assertEquals(EnvelopeCli.USAGE, onDataKey.exitCode(), onDataKey::toString);

        // a file of two certificates, or of no certificate
        Path two = Files.writeString(dir.resolve("two.pem"), Pem.of(root, ca("CN=Other")));
        CliRun twoCerts = kms.run("cert trust", "--alias", "root", "--cert", two.toString());
        assertEquals(EnvelopeCli.USAGE, twoCerts.exitCode(), twoCerts::toString);
        Path none = Files.writeString(dir.resolve("none.pem"), "not a certificate\n");
        CliRun noCert = kms.run("cert trust", "--alias", "root", "--cert", none.toString());
        assertEquals(EnvelopeCli.USAGE, noCert.exitCode(), noCert::toString);

        // a name that cannot be an alias
        CliRun badName = kms.run("cert trust", "--alias", "no spaces", "--cert", one.toString());
        assertEquals(EnvelopeCli.USAGE, badName.exitCode(), badName::toString);

        // untrust removes trusted entries only: never the alias of a KMS key
        CliRun untrustKey = kms.run("cert untrust", "--alias", "web");
        assertEquals(EnvelopeCli.USAGE, untrustKey.exitCode(), untrustKey::toString);
        CliRun untrustMissing = kms.run("cert untrust", "--alias", "missing");
        assertEquals(EnvelopeCli.USAGE, untrustMissing.exitCode(), untrustMissing::toString);

        assertEquals(webArn, kms.arn("web"));
        assertEquals(dataArn, kms.arn("data"));
        assertEquals(0, kms.json("cert trusted").get("trusted").size());
        assertFalse(load(kms).containsAlias("alias/root"));
    }
}
