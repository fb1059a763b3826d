package org.envelopejca.kms.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.envelopejca.keystore.TestCertificates;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The connection-level faults of the aws engine, with each HTTP client it offers: kept-alive connections the
 * server closed, a proxy from the SDK's standard system properties (with its exceptions) and environment variables,
 * and a KMS endpoint whose TLS
 * certificate nobody trusts. (Timeouts, dropped connections and refused connections: {@link AwsKmsFaultTest}.)
 */
class AwsKmsConnectionFaultTest {
    private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final Map<String, String> CONTEXT = Map.of("purpose", "connection fault test");
    private static final List<String> PROXY_PROPERTIES = List.of("http.proxyHost", "http.proxyPort",
            "http.nonProxyHosts");

    private static AwsKms engine(AwsHttpClient client, URI endpoint, int maxAttempts) {
        return AwsKms.create(AwsKmsConfig.builder().region("us-east-1").endpoint(endpoint)
                .staticCredentials("AKIDSTUB", "stub-secret", null)
                .maxAttempts(maxAttempts).httpClient(client).build());
    }

    private static void generateDataKey(AwsKms kms) throws KmsException {
        kms.generateDataKey(KEY, 32, CONTEXT).destroy();
    }

    /**
     * The server closed the pooled connection while it sat idle (longer than Apache 5's 2 s before it checks a
     * pooled connection; HttpURLConnection checks before every call): the next call, with no retry allowed, takes a
     * new connection and succeeds.
     */
    @ParameterizedTest
    @EnumSource(AwsHttpClient.class)
    void keptAliveConnectionClosedWhileIdleIsNotUsed(AwsHttpClient client) throws Exception {
        try (KmsStub stub = new KmsStub(); DroppingRelay relay = new DroppingRelay(stub.port());
             AwsKms kms = engine(client, relay.endpoint(), 1)) {
            generateDataKey(kms);
            generateDataKey(kms);
            assertEquals(1, relay.accepted(), "the second call reused the kept-alive connection");
            relay.dropAll();
            Thread.sleep(2_500);
            generateDataKey(kms);
            assertEquals(2, relay.accepted());
            assertEquals(3, stub.calls().size());
        }
    }

    /**
     * The server closed the pooled connection just after the last answer: the next call succeeds, at the cost of at
     * most one retry that never reached KMS (Apache 5 learns of the close when it reads the answer).
     */
    @ParameterizedTest
    @EnumSource(AwsHttpClient.class)
    void keptAliveConnectionClosedJustAfterUseCostsAtMostARetry(AwsHttpClient client) throws Exception {
        try (KmsStub stub = new KmsStub(); DroppingRelay relay = new DroppingRelay(stub.port());
             AwsKms kms = engine(client, relay.endpoint(), 2)) {
            generateDataKey(kms);
            relay.dropAll();
            Thread.sleep(100);
            generateDataKey(kms);
            assertEquals(2, relay.accepted());
            assertEquals(2, stub.calls().size(), "KMS saw each call once");
        }
    }

    /**
     * {@code http.proxyHost} and {@code http.proxyPort} are honored: the endpoint's host does not exist, and only the
     * proxy (the stub, which answers requests in absolute form) can answer; the request names the endpoint.
     */
    @ParameterizedTest
    @EnumSource(AwsHttpClient.class)
    void proxyFromTheSdkSystemProperties(AwsHttpClient client) throws Exception {
        try (KmsStub proxy = new KmsStub()) {
            AwsKms kms = withProxyProperties(Map.of("http.proxyHost", "127.0.0.1",
                    "http.proxyPort", Integer.toString(proxy.port())),
                    () -> engine(client, URI.create("http://kms.proxy-test.invalid"), 1));
            try (kms) {
                generateDataKey(kms);
            }
            List<URI> targets = proxy.requestTargets();
            assertEquals(1, targets.size());
            assertEquals("kms.proxy-test.invalid", targets.get(0).getHost(), targets.toString());
        }
    }

    /**
     * {@code HTTP_PROXY} is honored, read by a child JVM (the variables of a running JVM cannot change): as above,
     * only the proxy can answer for the endpoint.
     */
    @ParameterizedTest
    @EnumSource(AwsHttpClient.class)
    void proxyFromTheSdkEnvironmentVariables(AwsHttpClient client) throws Exception {
        try (KmsStub proxy = new KmsStub()) {
            ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ProxyEnvironmentProbe.class.getName(),
                    client.configName(), "http://kms.proxy-test.invalid", KEY)
                    .redirectErrorStream(true);
            Map<String, String> env = child.environment();
            List.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy",
                    "JAVA_TOOL_OPTIONS").forEach(env::remove);
            env.put("HTTP_PROXY", "http://127.0.0.1:" + proxy.port());
            Process process = child.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
            assertEquals(0, process.exitValue(), output);
            List<URI> targets = proxy.requestTargets();
            assertEquals(1, targets.size());
            assertEquals("kms.proxy-test.invalid", targets.get(0).getHost(), targets.toString());
        }
    }

    /** {@code http.nonProxyHosts} is honored: a host it names is reached directly (here: nothing listens). */
    @ParameterizedTest
    @EnumSource(AwsHttpClient.class)
    void nonProxyHostsFromTheSdkSystemProperties(AwsHttpClient client) throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        try (KmsStub proxy = new KmsStub()) {
            AwsKms kms = withProxyProperties(Map.of("http.proxyHost", "127.0.0.1",
                    "http.proxyPort", Integer.toString(proxy.port()), "http.nonProxyHosts", "localhost|127.*"),
                    () -> engine(client, URI.create("http://127.0.0.1:" + deadPort), 1));
            try (kms) {
                KmsException e = assertThrows(KmsException.class, () -> generateDataKey(kms));
                assertEquals(KmsErrorCode.UNAVAILABLE, e.code());
            }
            assertEquals(List.of(), proxy.requestTargets(), "the proxy was not asked");
        }
    }

    /**
     * An HTTPS endpoint whose certificate no trusted authority issued: the handshake fails, the call is
     * {@link KmsErrorCode#UNAVAILABLE} and no request reaches the server.
     */
    @ParameterizedTest
    @EnumSource(AwsHttpClient.class)
    void untrustedTlsCertificateIsRefused(AwsHttpClient client) throws Exception {
        try (KmsStub stub = new KmsStub(selfSignedTls()); AwsKms kms = engine(client, stub.endpoint(), 1)) {
            assertTrue(stub.endpoint().getScheme().equals("https"));
            KmsException e = assertThrows(KmsException.class, () -> generateDataKey(kms));
            assertEquals(KmsErrorCode.UNAVAILABLE, e.code());
            assertEquals(List.of(), stub.calls(), "no request went over the untrusted connection");
        }
    }

    private static SSLContext selfSignedTls() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        Certificate cert = TestCertificates.selfSigned("CN=127.0.0.1", pair.getPublic(), pair.getPrivate(),
                "SHA256withECDSA");
        char[] password = "stub".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("stub", pair.getPrivate(), password, new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        return tls;
    }

    /** The SDK reads the proxy properties when the HTTP client is built; they are restored right after. */
    private static AwsKms withProxyProperties(Map<String, String> set, java.util.function.Supplier<AwsKms> build) {
        Map<String, String> old = new HashMap<>();
        PROXY_PROPERTIES.forEach(k -> old.put(k, System.getProperty(k)));
        PROXY_PROPERTIES.forEach(System::clearProperty);
        set.forEach(System::setProperty);
        try {
            return build.get();
        } finally {
            old.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }
}
