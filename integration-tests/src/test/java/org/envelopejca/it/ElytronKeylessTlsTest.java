package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.envelopejca.EnvelopeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wildfly.security.keystore.AliasFilter;
import org.wildfly.security.keystore.AtomicLoadKeyStore;
import org.wildfly.security.keystore.FilteringKeyStore;
import org.wildfly.security.ssl.CipherSuiteSelector;
import org.wildfly.security.ssl.ProtocolSelector;
import org.wildfly.security.ssl.SSLContextBuilder;

/**
 * wildfly/envelope-elytron.cli without WildFly: its key-store, key-manager and server-ssl-context lines are built
 * with WildFly Elytron's own classes, the way those resources build them (AtomicLoadKeyStore of the type and
 * provider named, loaded from the file with the credential; a FilteringKeyStore for the key manager's alias-filter;
 * SSLContextBuilder with the protocols and TLS 1.3 cipher-suite-names), and the resulting SSLContext serves TLS 1.3
 * and 1.2 handshakes whose signatures KMS makes, for an RSA and an EC key, to the JDK's client and openssl s_client.
 */
class ElytronKeylessTlsTest {
    @TempDir
    static Path base;
    private static Path config;
    private static KeyStore trust;
    private static boolean added;
    private static String script;

    @BeforeAll
    static void prepare() throws Exception {
        added = KeylessTls.installProvider();
        config = KeylessTls.prepare(Files.createDirectories(base.resolve("configuration")));
        trust = KeylessTls.trustStore(config);
        script = Files.readString(Deployment.template("wildfly/envelope-elytron.cli"));
    }

    @AfterAll
    static void cleanUp() {
        KeylessTls.uninstallProvider(added);
    }

    private static String value(String regex) {
        Matcher m = Pattern.compile(regex).matcher(script);
        assertTrue(m.find(), () -> "the script has " + regex);
        return m.group(1);
    }

    /** The provider the provider-loader finds (ServiceLoader over the module's jars) under the name asked for. */
    private static Provider provider(String name) {
        return ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    }

    /** key-store=kms: AtomicLoadKeyStore of the type from the named provider, loaded from path with the password. */
    private static KeyStore keyStore() throws Exception {
        String type = value("key-store=\\w+:add\\(type=(\\w+)");
        String providerName = value("key-store=\\w+:add\\(.*provider-name=(\\w+)");
        assertEquals("kms.properties", value("key-store=\\w+:add\\(.*path=([\\w.]+)"));
        AtomicLoadKeyStore store = AtomicLoadKeyStore.newInstance(type, provider(providerName));
        try (InputStream in = Files.newInputStream(config)) {
            store.load(in, KeylessTls.PASSWORD.toCharArray());
        }
        return store;
    }

    /** key-manager=kms-km with its alias-filter ({@code alias} in place of the template's), over key-store=kms. */
    private static X509ExtendedKeyManager keyManager(String alias) throws Exception {
        assertEquals(value("key-store=([\\w-]+):add"), value("key-manager=[\\w-]+:add\\(key-store=([\\w-]+)"));
        assertEquals("alias/web", value("key-manager=[\\w-]+:add\\(.*alias-filter=\"([^\"]+)\""));
        KeyStore filtered = FilteringKeyStore.filteringKeyStore(keyStore(), AliasFilter.fromString(alias));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(filtered, KeylessTls.PASSWORD.toCharArray());
        for (KeyManager km : kmf.getKeyManagers()) {
            if (km instanceof X509ExtendedKeyManager x) {
                return x;
            }
        }
        throw new AssertionError("no X509ExtendedKeyManager");
    }

    /** server-ssl-context=kms-ssl: its protocols and TLS 1.3 cipher suite names over key-manager=kms-km. */
    private static SSLContext serverContext(String alias) throws Exception {
        assertEquals(value("key-manager=([\\w-]+):add"),
                value("server-ssl-context=[\\w-]+:add\\(key-manager=([\\w-]+)"));
        String protocols = value("server-ssl-context=[\\w-]+:add\\(.*protocols=\\[([^\\]]+)\\]");
        ProtocolSelector selector = ProtocolSelector.empty();
        for (String p : protocols.split(",")) {
            selector = selector.add(p.strip().replace("\"", ""));
        }
        String tls13 = value("server-ssl-context=[\\w-]+:add\\(.*cipher-suite-names=\"([^\"]+)\"");
        return new SSLContextBuilder()
                .setKeyManager(keyManager(alias))
                .setProtocolSelector(selector)
                .setCipherSuiteSelector(CipherSuiteSelector.aggregate(CipherSuiteSelector.fromNamesString(tls13),
                        CipherSuiteSelector.openSslDefault()))
                .build().create();
    }

    /**
     * Serves {@code connections} TLS connections on loopback (each: handshake, one line written), in a thread of its
     * own with bounded waits, while {@code clients} runs.
     */
    private static void serve(SSLContext context, int connections, ClientCheck clients) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.setSoTimeout(30_000);
            Future<?> served = pool.submit(() -> {
                for (int i = 0; i < connections; i++) {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        s.setSoTimeout(30_000);
                        try {
                            s.startHandshake();
                            OutputStream out = s.getOutputStream();
                            out.write("hello over TLS\n".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        } catch (java.io.IOException refused) {
                            // a handshake the client refused, or a client gone first: the client check reports it
                        }
                    }
                }
                return null;
            });
            clients.run(server.getLocalPort());
            served.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    private interface ClientCheck {
        void run(int port) throws Exception;
    }

    private static void jdkClient(int port, String alias, String protocol) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            s.setEnabledProtocols(new String[]{protocol});
            s.startHandshake();
            assertEquals(protocol, s.getSession().getProtocol());
            assertEquals(trust.getCertificate(alias.equals(KeylessTls.RSA_ALIAS) ? "rsa" : "ec"),
                    s.getSession().getPeerCertificates()[0]);
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertEquals("hello over TLS", line);
        }
    }

    private static void servesBothProtocols(String alias) throws Exception {
        serve(serverContext(alias), 4, port -> {
            jdkClient(port, alias, "TLSv1.3");
            jdkClient(port, alias, "TLSv1.2");
            if (KeylessTls.opensslAvailable() || "true".equals(System.getenv("CI"))) {
                // under CI=true a missing openssl fails here rather than being skipped
                KeylessTls.openssl(config, base, port, alias, "-tls1_3", "TLSv1.3");
                KeylessTls.openssl(config, base, port, alias, "-tls1_2", "TLSv1.2");
            } else {
                System.err.println("openssl not on the PATH: s_client check skipped");
                jdkClient(port, alias, "TLSv1.3"); // the two connections the server waits for
                jdkClient(port, alias, "TLSv1.2");
            }
        });
    }

    @Test
    void rsaKeyInKmsServesTls13AndTls12() throws Exception {
        servesBothProtocols(KeylessTls.RSA_ALIAS);
    }

    @Test
    void ecKeyInKmsServesTls13AndTls12() throws Exception {
        servesBothProtocols(KeylessTls.EC_ALIAS);
    }

    @Test
    void theAliasFilterLeavesTheKeyManagerOneKey() throws Exception {
        X509ExtendedKeyManager km = keyManager(KeylessTls.EC_ALIAS);
        assertNotNull(km.getPrivateKey(KeylessTls.EC_ALIAS));
        assertEquals(List.of(KeylessTls.EC_ALIAS), List.of(km.getServerAliases("EC", null)));
        assertTrue(km.getServerAliases("RSA", null) == null, "the RSA key is filtered out");
        // the Elytron-wrapped store still lists the KMS aliases, certificates kept beside the configuration
        List<String> all = Collections.list(keyStore().aliases());
        assertTrue(all.containsAll(List.of(KeylessTls.RSA_ALIAS, KeylessTls.EC_ALIAS)), all::toString);
    }

    @Test
    void aWrongCredentialStopsTheKeyStore() throws Exception {
        AtomicLoadKeyStore store = AtomicLoadKeyStore.newInstance("KMS", provider(EnvelopeProvider.NAME));
        try (InputStream in = Files.newInputStream(config)) {
            assertThrows(java.io.IOException.class, () -> store.load(in, "not-the-password-1".toCharArray()));
        }
        assertFalse(Collections.list(keyStore().aliases()).isEmpty(), "the right one still loads it");
    }
}
