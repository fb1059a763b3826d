package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.kms.local.Argon2Settings;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;

/**
 * What the keyless TLS tests share: an embedded KMS whose signing keys (RSA and EC) have self-signed certificates
 * for 127.0.0.1 made by KMS, and clients that trust exactly those certificates.
 */
final class KeylessTls {

    /** Installs Envelope, as the java.security template does for a real server; true when this call added it. */
    static boolean installProvider() {
        if (Security.getProvider(EnvelopeProvider.NAME) != null) {
            return false;
        }
        Security.addProvider(new EnvelopeProvider());
        return true;
    }

    /** Removes Envelope again when {@link #installProvider()} added it. */
    static void uninstallProvider(boolean added) {
        if (added) {
            Security.removeProvider(EnvelopeProvider.NAME);
        }
    }

    /** What the servlet containers (Tomcat, Spring Boot) answer with: whether the request came over TLS. */
    public static final class HelloServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write(request.isSecure() ? "hello over TLS" : "not secure");
        }
    }
    static final String PASSWORD = "keyless-TLS-store-9";
    static final String RSA_ALIAS = "alias/web-rsa";
    static final String EC_ALIAS = "alias/web-ec";

    private KeylessTls() {
    }

    /** A KMS KeyStore configuration in {@code dir} (kms.properties) with both keys and their certificates. */
    static Path prepare(Path dir) throws Exception {
        Path config = dir.resolve("kms.properties");
        Path kmsDir = dir.resolve("kms");
        Files.writeString(config, Files.readString(Deployment.template("keystore/kms-embedded.properties"))
                + "\nlocal.path=" + kmsDir.toString().replace("\\", "\\\\") + "\n");
        // created beforehand with low Argon2 costs: the servers then open it with the password alone
        try (LocalKms kms = LocalKms.open(kmsDir, LocalKmsOptions.builder().password(PASSWORD.toCharArray())
                .argon2(new Argon2Settings(1024, 1, 1)).build())) {
            kms.listAliases(null, 1, null);
        }
        EnvelopeProvider envelope = new EnvelopeProvider();
        KeyStore store = KeyStore.getInstance("KMS", envelope);
        try (InputStream in = Files.newInputStream(config)) {
            store.load(in, PASSWORD.toCharArray());
        }
        add(store, envelope, RSA_ALIAS, "KMS-RSA", 2048, "SHA256withRSA");
        add(store, envelope, EC_ALIAS, "KMS-EC", 256, "SHA256withECDSA");
        try (var out = Files.newOutputStream(config)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return config;
    }

    private static void add(KeyStore store, EnvelopeProvider envelope, String alias, String algorithm, int size,
                            String signatureAlgorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, envelope);
        generator.initialize(size);
        KeyPair pair = generator.generateKeyPair();
        X500Principal name = new X500Principal("CN=127.0.0.1, O=Envelope keyless TLS test");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(7))), name,
                pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder(signatureAlgorithm).setProvider(envelope).build(pair.getPrivate())));
        store.setKeyEntry(alias, pair.getPrivate(), null, new Certificate[]{cert});
    }

    /** A trust store holding the certificates of both keys. */
    static KeyStore trustStore(Path config) throws Exception {
        KeyStore store = KeyStore.getInstance("KMS", new EnvelopeProvider());
        try (InputStream in = Files.newInputStream(config)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("rsa", store.getCertificate(RSA_ALIAS));
        trust.setCertificateEntry("ec", store.getCertificate(EC_ALIAS));
        return trust;
    }

    /** PEM of an alias's certificate, for openssl -CAfile. */
    static Path pem(Path config, String alias, Path file) throws Exception {
        KeyStore trust = trustStore(config);
        Certificate cert = trust.getCertificate(alias.equals(RSA_ALIAS) ? "rsa" : "ec");
        Files.writeString(file, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        return file;
    }

    /** The JDK's HttpClient trusting the test certificates, speaking only {@code protocol}. */
    static HttpClient client(KeyStore trust, String protocol) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(new String[]{protocol});
        return HttpClient.newBuilder().sslContext(context).sslParameters(parameters)
                .connectTimeout(Duration.ofSeconds(20)).build();
    }

    /**
     * {@code openssl s_client} with {@code flag} (-tls1_3, -tls1_2) against 127.0.0.1:{@code port}, trusting only the
     * certificate of {@code alias}: the handshake completes, the chain verifies and the protocol is the one asked
     * for. Skipped (with a note) where openssl is not on the PATH, except under {@code CI=true}, where it fails.
     */
    static void openssl(Path config, Path dir, int port, String alias, String flag, String protocol)
            throws Exception {
        openssl(config, dir, port, alias, flag, protocol, "localhost");
    }

    /** As above, with {@code servername} sent as SNI, or none when null. */
    static void openssl(Path config, Path dir, int port, String alias, String flag, String protocol,
                        String servername) throws Exception {
        if (!opensslAvailable()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("openssl is not on the PATH (CI=true: the s_client check is required)");
            }
            System.err.println("openssl not on the PATH: s_client check skipped");
            return;
        }
        Path ca = pem(config, alias, dir.resolve(alias.replace('/', '-') + ".pem"));
        List<String> command = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + port, flag, "-CAfile", ca.toString(), "-verify_return_error"));
        command.addAll(servername == null ? List.of("-noservername") : List.of("-servername", servername));
        Processes.Run run = Processes.run(command, dir, Map.of());
        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.output().contains("Verify return code: 0 (ok)"), run::describe);
        assertTrue(run.output().contains(protocol), run::describe);
    }

    static boolean opensslAvailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
