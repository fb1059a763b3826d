package org.envelopejca.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsLoadStoreParameter;
import org.envelopejca.keystore.KmsSigningKey;
import org.envelopejca.keystore.TestCertificates;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.local.AuditSync;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's own TLS server (SunJSSE) with its key manager over the KMS KeyStore: the server's handshake signature
 * is made by KMS (Envelope installed last, found through SupportedKeyClasses), for RSA and EC keys, TLS 1.3 and 1.2.
 */
class JdkTlsHandshakeTest {
    @TempDir
    static Path dir;
    private static LocalKms kms;
    private static KeyStore store;
    private static KeyStore trust;

    @BeforeAll
    static void setUp() throws Exception {
        Security.addProvider(new EnvelopeProvider());
        kms = LocalKms.open(dir, LocalKmsOptions.builder().auditSync(AuditSync.OPERATING_SYSTEM).build());
        store = KeyStore.getInstance("KMS");
        store.load(KmsLoadStoreParameter.of(KeyStoreConfig.local(dir), kms));
        trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (KeySpec spec : List.of(KeySpec.RSA_2048, KeySpec.ECC_NIST_P256, KeySpec.ECC_NIST_P384)) {
            String arn = kms.createKey(CreateKeyRequest.signing(spec, "tls")).arn();
            KmsSigningKey key = (KmsSigningKey) store.getKey(arn, null);
            X509Certificate cert = TestCertificates.selfSigned("CN=localhost", key.publicKey(), key,
                    spec.isRsa() ? "SHA256withRSA" : spec == KeySpec.ECC_NIST_P384 ? "SHA384withECDSA" : "SHA256withECDSA");
            store.setKeyEntry(alias(spec), key, null, new Certificate[]{cert});
            trust.setCertificateEntry(alias(spec), cert);
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        Security.removeProvider(EnvelopeProvider.NAME);
        kms.close();
    }

    private static String alias(KeySpec spec) {
        return "tls-" + spec.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @Test
    void rsaTls13() throws Exception {
        handshake(KeySpec.RSA_2048, "TLSv1.3");
    }

    @Test
    void rsaTls12() throws Exception {
        handshake(KeySpec.RSA_2048, "TLSv1.2");
    }

    @Test
    void ecTls13() throws Exception {
        handshake(KeySpec.ECC_NIST_P256, "TLSv1.3");
        handshake(KeySpec.ECC_NIST_P384, "TLSv1.3");
    }

    @Test
    void ecTls12() throws Exception {
        handshake(KeySpec.ECC_NIST_P256, "TLSv1.2");
        handshake(KeySpec.ECC_NIST_P384, "TLSv1.2");
    }

    private static void handshake(KeySpec spec, String protocol) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(store, new char[0]);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(new KeyManager[]{new OneAlias((X509ExtendedKeyManager) kmf.getKeyManagers()[0],
                "alias/" + alias(spec))}, null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        long signsBefore = signLines();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[]{protocol});
            listener.setSoTimeout(30_000);
            Future<?> served = pool.submit(() -> {
                try (Socket s = listener.accept()) {
                    s.setSoTimeout(30_000);
                    OutputStream out = s.getOutputStream();
                    out.write("hello".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                return null;
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                    listener.getLocalPort())) {
                socket.setSoTimeout(30_000);
                socket.setEnabledProtocols(new String[]{protocol});
                socket.startHandshake();
                assertEquals(protocol, socket.getSession().getProtocol());
                X509Certificate peer = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                assertEquals(store.getCertificate(alias(spec)), peer);
                InputStream in = socket.getInputStream();
                assertEquals("hello", new String(in.readNBytes(5), StandardCharsets.US_ASCII));
            }
            served.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(signLines() > signsBefore, "the server's handshake signature must come from KMS");
    }

    private static long signLines() throws Exception {
        return Files.readAllLines(kms.auditLogFile()).stream().filter(l -> l.contains("\"eventName\":\"Sign\"")).count();
    }

    /** The factory's key manager, offering one alias to the server. */
    private static final class OneAlias extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager delegate;
        private final String alias;

        OneAlias(X509ExtendedKeyManager delegate, String alias) {
            this.delegate = delegate;
            this.alias = alias;
        }

        private String offer(String keyType) {
            PrivateKey key = delegate.getPrivateKey(alias);
            return key != null && key.getAlgorithm().equals(keyType) ? alias : null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return offer(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return offer(keyType);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return offer(keyType) == null ? null : new String[]{alias};
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }
}
