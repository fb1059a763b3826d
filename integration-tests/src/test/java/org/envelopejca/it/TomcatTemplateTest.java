package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Security;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.envelopejca.EnvelopeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tomcat/context.xml in an embedded Tomcat: a servlet finds the KeyStore configuration and the alias through JNDI,
 * as the template's comment shows, and encrypts and decrypts request bodies with the KMS key.
 */
class TomcatTemplateTest {

    @TempDir
    Path base;

    /** The application's servlet: the code of the template's comment, then one Cipher per request. */
    public static final class EnvelopeServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private transient Key key;

        @Override
        public void init() throws ServletException {
            try {
                if (Security.getProvider(EnvelopeProvider.NAME) == null) {
                    Security.addProvider(new EnvelopeProvider());
                }
                Context env = (Context) new InitialContext().lookup("java:comp/env");
                KeyStore store = KeyStore.getInstance("KMS");
                try (InputStream in = Files.newInputStream(Path.of((String) env.lookup("envelope/keystore")))) {
                    store.load(in, null);
                }
                key = store.getKey((String) env.lookup("envelope/key-alias"), null);
            } catch (NamingException | GeneralSecurityException | IOException e) {
                throw new ServletException(e);
            }
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try {
                Cipher cipher = Cipher.getInstance("Envelope/AES-GCM/NoPadding");
                cipher.init("decrypt".equals(request.getParameter("mode")) ? Cipher.DECRYPT_MODE : Cipher.ENCRYPT_MODE,
                        key);
                byte[] out = cipher.doFinal(request.getInputStream().readAllBytes());
                response.setContentType("application/octet-stream");
                response.getOutputStream().write(out);
            } catch (GeneralSecurityException e) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getClass().getSimpleName());
            }
        }
    }

    private void prepareStore() throws Exception {
        Path conf = Files.createDirectories(base.resolve("conf"));
        Path config = conf.resolve("kms.properties");
        Files.writeString(config, Files.readString(Deployment.template("keystore/kms-embedded.properties"))
                + "\nlocal.path=" + base.resolve("kms").toString().replace("\\", "\\\\") + "\n");
        KeyStore store = KeyStore.getInstance("KMS", new EnvelopeProvider());
        try (InputStream in = Files.newInputStream(config)) {
            store.load(in, null);
        }
        store.setKeyEntry("orders", KeyGenerator.getInstance("KMS", new EnvelopeProvider()).generateKey(), null, null);
    }

    private static HttpResponse<byte[]> post(HttpClient client, int port, String mode, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/app/crypto?mode=" + mode))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aServletEncryptsWithTheKeyNamedInContextXml() throws Exception {
        prepareStore();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString()); // catalina.base: ${catalina.base} in the template points here
        tomcat.enableNaming();
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);

        StandardContext context = new StandardContext();
        context.setPath("/app");
        context.setDocBase(Files.createDirectories(base.resolve("webapp")).toString());
        context.setConfigFile(Deployment.template("tomcat/context.xml").toUri().toURL());
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        context.setJarScanner(scanner);
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(org.apache.catalina.startup.Constants.NoDefaultWebXml);
        context.addLifecycleListener(config);
        tomcat.getHost().addChild(context);
        Tomcat.addServlet(context, "crypto", new EnvelopeServlet()).setLoadOnStartup(1);
        context.addServletMappingDecoded("/crypto", "crypto");

        tomcat.start();
        try {
            int port = connector.getLocalPort();
            HttpClient client = HttpClient.newHttpClient();
            byte[] plaintext = "order 42, shipped".getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> encrypted = post(client, port, "encrypt", plaintext);
            assertEquals(200, encrypted.statusCode(), () -> new String(encrypted.body(), StandardCharsets.UTF_8));
            assertFalse(new String(encrypted.body(), StandardCharsets.ISO_8859_1).contains("order 42"));

            HttpResponse<byte[]> decrypted = post(client, port, "decrypt", encrypted.body());
            assertEquals(200, decrypted.statusCode());
            assertArrayEquals(plaintext, decrypted.body());

            byte[] tampered = encrypted.body().clone();
            tampered[tampered.length - 1] ^= 1;
            assertEquals(400, post(client, port, "decrypt", tampered).statusCode());
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
