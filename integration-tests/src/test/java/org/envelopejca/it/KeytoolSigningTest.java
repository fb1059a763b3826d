package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsSigningKey;
import org.envelopejca.kms.local.Argon2Settings;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's keytool and jarsigner on KMS signing keys, as processes: keytool -genkeypair creates a KMS key and a
 * self-signed certificate that KMS signs; -certreq, -gencert (a small CA whose key is in KMS), -importcert of the
 * CA's reply and of a trusted certificate, -list -v, -exportcert, -delete; jarsigner signs a jar with a KMS key and
 * jarsigner -verify accepts it.
 */
class KeytoolSigningTest {
    private static final String PASSWORD = KeytoolTest.PASSWORD;

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void store() throws Exception {
        config = JavaSecurityTemplateTest.embeddedConfig(dir);
        try (LocalKms kms = LocalKms.open(KeyStoreConfig.parse(properties()).localPath(),
                LocalKmsOptions.builder().password(PASSWORD.toCharArray()).argon2(new Argon2Settings(1024, 1, 1)).build())) {
            kms.listAliases(null, 1, null);
        }
    }

    private java.util.Properties properties() throws Exception {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    private List<String> providerOptions() throws Exception {
        return List.of("-providerpath", Deployment.join(Deployment.providerClassPath()),
                "-providerclass", EnvelopeProvider.class.getName(), "-storetype", "KMS", "-keystore", config.toString(),
                "-storepass", PASSWORD);
    }

    private Processes.Run keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Deployment.javaHomeTool("keytool").toString()));
        command.addAll(providerOptions());
        command.addAll(List.of(args));
        return Processes.run(command, dir, Map.of());
    }

    private static void ok(Processes.Run run) {
        assertEquals(0, run.exitCode(), run::describe);
    }

    private KeyStore load() throws Exception {
        KeyStore store = KeyStore.getInstance("KMS", new EnvelopeProvider());
        try (InputStream in = Files.newInputStream(config)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static X509Certificate read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void genkeypairCertreqGencertImportcertListExportDelete() throws Exception {
        ok(keytool("-genkeypair", "-keyalg", "KMS-EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-alias", "web", "-dname", "CN=web.example.test", "-validity", "30", "-keypass", PASSWORD));
        ok(keytool("-genkeypair", "-keyalg", "KMS-RSA", "-keysize", "2048", "-alias", "ca", "-dname", "CN=Example CA",
                "-ext", "bc:c", "-validity", "60", "-keypass", PASSWORD));

        KeyStore store = load();
        KmsSigningKey web = assertInstanceOf(KmsSigningKey.class, store.getKey("web", null));
        X509Certificate selfSigned = (X509Certificate) store.getCertificate("web");
        assertEquals(web.publicKey(), selfSigned.getPublicKey());
        selfSigned.verify(web.publicKey()); // signed by KMS, verified by the JDK
        assertEquals("SHA256withECDSA", selfSigned.getSigAlgName());

        Processes.Run list = keytool("-list", "-v", "-alias", "web");
        ok(list);
        assertTrue(list.output().contains("Entry type: PrivateKeyEntry"), list::describe);
        assertTrue(list.output().contains("Certificate chain length: 1"), list::describe);
        assertTrue(list.output().contains("CN=web.example.test"), list::describe);

        // a certificate request signed by KMS, then signed by the CA whose key is in KMS too
        ok(keytool("-certreq", "-alias", "web", "-file", "web.csr", "-keypass", PASSWORD));
        assertTrue(Files.readString(dir.resolve("web.csr")).contains("BEGIN NEW CERTIFICATE REQUEST"));
        ok(keytool("-gencert", "-alias", "ca", "-infile", "web.csr", "-outfile", "web.cer", "-rfc", "-validity", "20",
                "-keypass", PASSWORD));
        X509Certificate issued = read(dir.resolve("web.cer"));
        issued.verify(((KmsSigningKey) load().getKey("ca", null)).publicKey());
        assertEquals(web.publicKey(), issued.getPublicKey());

        // the CA's certificate as a trusted entry, then the CA's reply installed over the self-signed certificate
        ok(keytool("-exportcert", "-alias", "ca", "-file", "ca.cer", "-rfc"));
        ok(keytool("-importcert", "-alias", "root", "-file", "ca.cer", "-noprompt"));
        ok(keytool("-importcert", "-alias", "web", "-file", "web.cer", "-keypass", PASSWORD));
        store = load();
        Certificate[] chain = store.getCertificateChain("web");
        assertEquals(2, chain.length);
        assertEquals(issued, chain[0]);
        assertEquals(read(dir.resolve("ca.cer")), chain[1]);
        assertTrue(store.isCertificateEntry("root"));
        Processes.Run listed = keytool("-list", "-v", "-alias", "web");
        ok(listed);
        assertTrue(listed.output().contains("Certificate chain length: 2"), listed::describe);
        Processes.Run all = keytool("-list");
        ok(all);
        assertTrue(all.output().contains("trustedCertEntry"), all::describe);

        ok(keytool("-exportcert", "-alias", "web", "-file", "exported.cer"));
        assertArrayEquals(issued.getEncoded(), Files.readAllBytes(dir.resolve("exported.cer")));

        ok(keytool("-delete", "-alias", "root"));
        ok(keytool("-delete", "-alias", "web"));
        store = load();
        assertFalse(store.containsAlias("web"));
        assertFalse(store.containsAlias("root"));
        assertTrue(store.containsAlias("ca"));
        Path certificates = KeyStoreConfig.parse(properties()).certificatesFile();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(certificates)));
    }

    @Test
    void jarsignerSignsWithAKmsKeyAndVerifies() throws Exception {
        ok(keytool("-genkeypair", "-keyalg", "KMS-RSA", "-keysize", "2048", "-alias", "release",
                "-dname", "CN=Release Signing", "-validity", "30", "-keypass", PASSWORD));
        Path jar = dir.resolve("app.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("hello.txt"));
            out.write("signed by a key that never left KMS".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        // jarsigner has no -providerpath: the jars go on its JVM's class path
        List<String> sign = new ArrayList<>(List.of(Deployment.javaHomeTool("jarsigner").toString(),
                "-J-cp", "-J" + Deployment.join(Deployment.providerClassPath()),
                "-providerclass", EnvelopeProvider.class.getName(), "-storetype", "KMS", "-keystore", config.toString(),
                "-storepass", PASSWORD));
        sign.addAll(List.of("-keypass", PASSWORD, "-signedjar", "app-signed.jar", jar.toString(), "release"));
        Processes.Run signed = Processes.run(sign, dir, Map.of());
        ok(signed);
        assertTrue(signed.output().contains("jar signed"), signed::describe);

        Processes.Run verify = Processes.run(List.of(Deployment.javaHomeTool("jarsigner").toString(), "-verify",
                "-verbose", "-certs", dir.resolve("app-signed.jar").toString()), dir, Map.of());
        ok(verify);
        assertTrue(verify.output().contains("jar verified"), verify::describe);
        assertTrue(verify.output().contains("CN=Release Signing"), verify::describe);

        // the same jar with one entry changed is refused
        Path tampered = dir.resolve("app-tampered.jar");
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(
                Files.newInputStream(dir.resolve("app-signed.jar")));
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(tampered))) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals("hello.txt")) {
                    content = "signed by somebody else".getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
        Processes.Run refused = Processes.run(List.of(Deployment.javaHomeTool("jarsigner").toString(), "-verify",
                tampered.toString()), dir, Map.of());
        assertTrue(refused.exitCode() != 0 || !refused.output().contains("jar verified"), refused::describe);
    }
}
