package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.IntrospectionUtils;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * tomcat/server-https.xml in an embedded Tomcat 11: HTTPS whose handshake signatures KMS makes, for an RSA and an EC
 * key, TLS 1.3 and 1.2, with the JDK's HttpClient and openssl s_client as clients. The Connector is configured from
 * the template's attributes (only the port, the address and the alias of each run change).
 */
class TomcatKeylessTlsTest {
    @TempDir
    static Path base;
    private static Path config;
    private static KeyStore trust;
    private static boolean added;

    @BeforeAll
    static void prepare() throws Exception {
        added = KeylessTls.installProvider();
        Files.createDirectories(base.resolve("conf"));
        config = KeylessTls.prepare(base.resolve("conf"));
        trust = KeylessTls.trustStore(config);
    }

    @AfterAll
    static void cleanUp() {
        KeylessTls.uninstallProvider(added);
    }

    /** The template's Connector, SSLHostConfig and Certificate attributes, placeholders filled in. */
    private static Connector connector(String alias, String type) throws Exception {
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Deployment.template("tomcat/server-https.xml").toFile()).getDocumentElement();
        Map<String, String> values = Map.of("${catalina.base}", base.toString(),
                "${envelope.keystore.password}", KeylessTls.PASSWORD);
        Connector connector = new Connector(root.getAttribute("protocol"));
        attributes(root, (name, value) -> {
            if (!name.equals("port") && !name.equals("protocol")) {
                IntrospectionUtils.setProperty(connector, name, value);
            }
        }, values);
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        Element hostElement = (Element) root.getElementsByTagName("SSLHostConfig").item(0);
        SSLHostConfig host = new SSLHostConfig();
        attributes(hostElement, (name, value) -> IntrospectionUtils.setProperty(host, name, value), values);
        Element certElement = (Element) hostElement.getElementsByTagName("Certificate").item(0);
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host,
                SSLHostConfigCertificate.Type.valueOf(type));
        attributes(certElement, (name, value) -> {
            if (!name.equals("type")) {
                IntrospectionUtils.setProperty(certificate, name, value);
            }
        }, values);
        certificate.setCertificateKeyAlias(alias);
        host.addCertificate(certificate);
        connector.addSslHostConfig(host);
        return connector;
    }

    private interface Setter {
        void set(String name, String value) throws Exception;
    }

    private static void attributes(Element e, Setter setter, Map<String, String> values) throws Exception {
        NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            String value = attributes.item(i).getNodeValue();
            for (var v : values.entrySet()) {
                value = value.replace(v.getKey(), v.getValue());
            }
            setter.set(attributes.item(i).getNodeName(), value);
        }
    }

    private static void serve(String alias, String type, ServerCheck check) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = connector(alias, type);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", Files.createDirectories(base.resolve("webapp")).toString());
        Tomcat.addServlet(context, "hello", new KeylessTls.HelloServlet());
        context.addServletMappingDecoded("/hello", "hello");
        tomcat.start();
        try {
            check.run(connector.getLocalPort());
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    private interface ServerCheck {
        void run(int port) throws Exception;
    }

    private static void httpClient(int port, String alias, String protocol) throws Exception {
        HttpResponse<String> response = KeylessTls.client(trust, protocol).send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/hello")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("hello over TLS", response.body());
        assertEquals(protocol, response.sslSession().orElseThrow().getProtocol());
        assertEquals(trust.getCertificate(alias.equals(KeylessTls.RSA_ALIAS) ? "rsa" : "ec"),
                response.sslSession().orElseThrow().getPeerCertificates()[0]);
    }

    private static void openssl(int port, String alias, String flag, String protocol) throws Exception {
        KeylessTls.openssl(config, base, port, alias, flag, protocol);
    }

    @Test
    void rsaKeyInKmsServesTls13AndTls12() throws Exception {
        serve(KeylessTls.RSA_ALIAS, "RSA", port -> {
            httpClient(port, KeylessTls.RSA_ALIAS, "TLSv1.3");
            httpClient(port, KeylessTls.RSA_ALIAS, "TLSv1.2");
            openssl(port, KeylessTls.RSA_ALIAS, "-tls1_3", "TLSv1.3");
            openssl(port, KeylessTls.RSA_ALIAS, "-tls1_2", "TLSv1.2");
        });
    }

    @Test
    void ecKeyInKmsServesTls13AndTls12() throws Exception {
        serve(KeylessTls.EC_ALIAS, "EC", port -> {
            httpClient(port, KeylessTls.EC_ALIAS, "TLSv1.3");
            httpClient(port, KeylessTls.EC_ALIAS, "TLSv1.2");
            openssl(port, KeylessTls.EC_ALIAS, "-tls1_3", "TLSv1.3");
            openssl(port, KeylessTls.EC_ALIAS, "-tls1_2", "TLSv1.2");
        });
    }
}
