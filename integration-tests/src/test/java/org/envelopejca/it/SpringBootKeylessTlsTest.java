package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.Properties;
import org.envelopejca.EnvelopeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServer;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * spring-boot/application-https.properties: Spring Boot binds its server.ssl lines (key store type KMS, provider
 * Envelope, the KMS alias) and its Tomcat web server serves HTTPS whose handshake signatures KMS makes, for an RSA and
 * an EC key, TLS 1.3 and 1.2, with the JDK's HttpClient and openssl s_client as clients.
 */
class SpringBootKeylessTlsTest {
    @TempDir
    static Path home;
    private static Path config;
    private static KeyStore trust;
    private static boolean added;

    @BeforeAll
    static void prepare() throws Exception {
        added = KeylessTls.installProvider();
        config = KeylessTls.prepare(home);
        trust = KeylessTls.trustStore(config);
    }

    @AfterAll
    static void cleanUp() {
        KeylessTls.uninstallProvider(added);
    }

    /** The template's server.ssl lines as Spring Boot binds them, with the environment an operator would give. */
    private static Ssl ssl(String alias) throws Exception {
        Properties template = new Properties();
        try (Reader in = Files.newBufferedReader(Deployment.template("spring-boot/application-https.properties"),
                StandardCharsets.UTF_8)) {
            template.load(in);
        }
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("operator", Map.of(
                "ENVELOPE_HOME", home.toString(), "ENVELOPE_KEYSTORE_PASSWORD", KeylessTls.PASSWORD,
                "server.ssl.key-alias", alias)));
        environment.getPropertySources().addLast(new PropertiesPropertySource("template", template));
        Ssl ssl = Binder.get(environment).bind("server.ssl", Ssl.class).get();
        assertEquals("KMS", ssl.getKeyStoreType());
        assertEquals(EnvelopeProvider.NAME, ssl.getKeyStoreProvider());
        return ssl;
    }

    private static void serve(String alias) throws Exception {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        factory.setAddress(InetAddress.getLoopbackAddress());
        factory.setSsl(ssl(alias));
        factory.setBaseDirectory(Files.createDirectories(home.resolve("tomcat-" + alias.replace('/', '-'))).toFile());
        WebServer server = factory.getWebServer(context -> context.addServlet("hello", new KeylessTls.HelloServlet())
                .addMapping("/hello"));
        server.start();
        try {
            for (String protocol : new String[]{"TLSv1.3", "TLSv1.2"}) {
                HttpResponse<String> response = KeylessTls.client(trust, protocol).send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + server.getPort() + "/hello")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
                assertEquals("hello over TLS", response.body());
                assertEquals(protocol, response.sslSession().orElseThrow().getProtocol());
                assertEquals(trust.getCertificate(alias.equals(KeylessTls.RSA_ALIAS) ? "rsa" : "ec"),
                        response.sslSession().orElseThrow().getPeerCertificates()[0]);
            }
            KeylessTls.openssl(config, home, server.getPort(), alias, "-tls1_3", "TLSv1.3");
            KeylessTls.openssl(config, home, server.getPort(), alias, "-tls1_2", "TLSv1.2");
        } finally {
            server.stop();
            server.destroy();
        }
    }

    @Test
    void rsaKeyInKms() throws Exception {
        serve(KeylessTls.RSA_ALIAS);
    }

    @Test
    void ecKeyInKms() throws Exception {
        serve(KeylessTls.EC_ALIAS);
    }
}
