package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.xml.XmlConfiguration;
import org.envelopejca.EnvelopeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jetty/jetty-ssl-context-kms.xml applied by Jetty 12's own XmlConfiguration to an SslContextFactory.Server (key
 * store type KMS, provider Envelope, kms.properties in $JETTY_BASE/etc, the KMS alias), behind an embedded Jetty's
 * HTTPS connector: handshakes whose signatures KMS makes, for an RSA and an EC key, TLS 1.3 and 1.2, with the JDK's
 * HttpClient and openssl s_client as clients.
 */
class JettyKeylessTlsTest {
    @TempDir
    static Path base;
    private static Path config;
    private static KeyStore trust;
    private static boolean added;

    @BeforeAll
    static void prepare() throws Exception {
        added = KeylessTls.installProvider();
        config = KeylessTls.prepare(Files.createDirectories(base.resolve("etc")));
        trust = KeylessTls.trustStore(config);
    }

    @AfterAll
    static void cleanUp() {
        KeylessTls.uninstallProvider(added);
    }

    /** The template, as jetty-home applies it, with the properties an operator would give. */
    private static SslContextFactory.Server sslContextFactory(Map<String, String> properties) throws Exception {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        try (ResourceFactory.Closeable resources = ResourceFactory.closeable()) {
            XmlConfiguration xml = new XmlConfiguration(resources.newResource(
                    Deployment.template("jetty/jetty-ssl-context-kms.xml")));
            xml.getProperties().putAll(properties);
            xml.configure(ssl);
        }
        return ssl;
    }

    private static Map<String, String> operator(String alias) {
        return Map.of("jetty.base", base.toString(), "envelope.keystore.password", KeylessTls.PASSWORD,
                "envelope.key.alias", alias);
    }

    private static final class Hello extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
            Content.Sink.write(response, true, request.isSecure() ? "hello over TLS" : "not secure", callback);
            return true;
        }
    }

    private static void serve(String alias) throws Exception {
        SslContextFactory.Server ssl = sslContextFactory(operator(alias));
        assertEquals("KMS", ssl.getKeyStoreType());
        assertEquals(EnvelopeProvider.NAME, ssl.getKeyStoreProvider());
        assertEquals(alias, ssl.getCertAlias());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(ssl.getIncludeProtocols()));
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Hello());
        server.setStopTimeout(5_000);
        server.start();
        try {
            int port = connector.getLocalPort();
            for (String protocol : new String[]{"TLSv1.3", "TLSv1.2"}) {
                HttpResponse<String> response = KeylessTls.client(trust, protocol).send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + port + "/hello")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
                assertEquals("hello over TLS", response.body());
                assertEquals(protocol, response.sslSession().orElseThrow().getProtocol());
                assertEquals(trust.getCertificate(alias.equals(KeylessTls.RSA_ALIAS) ? "rsa" : "ec"),
                        response.sslSession().orElseThrow().getPeerCertificates()[0]);
            }
            // No SNI, like the HttpClient to an IP address: with SNI, Jetty picks among all key entries whose
            // certificate names the host (both test keys name localhost), whatever CertAlias says.
            KeylessTls.openssl(config, base, port, alias, "-tls1_3", "TLSv1.3", null);
            KeylessTls.openssl(config, base, port, alias, "-tls1_2", "TLSv1.2", null);
        } finally {
            server.stop();
        }
    }

    @Test
    void rsaKeyInKmsServesTls13AndTls12() throws Exception {
        serve(KeylessTls.RSA_ALIAS);
    }

    @Test
    void ecKeyInKmsServesTls13AndTls12() throws Exception {
        serve(KeylessTls.EC_ALIAS);
    }

    @Test
    void anAliasTheStoreDoesNotHaveServesNoHandshake() throws Exception {
        // Jetty starts (it does not check CertAlias against the store), but no key is offered: every handshake fails
        SslContextFactory.Server ssl = sslContextFactory(operator("alias/no-such-key"));
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Hello());
        server.setStopTimeout(5_000);
        server.start();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + connector.getLocalPort()
                    + "/hello")).GET().build();
            assertThrows(java.io.IOException.class, () -> KeylessTls.client(trust, "TLSv1.3").send(request,
                    HttpResponse.BodyHandlers.ofString()));
        } finally {
            server.stop();
        }
    }
}
