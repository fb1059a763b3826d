package org.envelopejca.benchmarks;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.net.Socket;
import java.security.Principal;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsLoadStoreParameter;
import org.envelopejca.kms.local.AuditSync;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * TLS handshakes per second, in memory (two SSLEngines, no sockets), with the server's key in the embedded KMS
 * (KMS KeyStore, one KMS Sign per full handshake) or in a PKCS12 KeyStore (the same JDK TLS stack signing in
 * process): {@code keyType} RSA (2048) or EC (P-256), {@code protocol} TLSv1.3 or TLSv1.2, {@code resumption} full
 * or resumed. One client context throughout, its session cache of size 1: {@code full} alternates between two peer
 * ports, so the client never has a session to offer and every handshake signs; {@code resumed} keeps one peer port,
 * so the client offers its cached session (TLS 1.2: session ID or ticket; TLS 1.3: the PSK of the server's
 * NewSessionTicket, read after the handshake) and the server resumes it without a signature. The set-up checks that
 * this is so by counting the server key manager's certificate selections (one per full handshake, none when resumed)
 * and refuses to run otherwise.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TlsHandshakes {
    @Param({"kms", "pkcs12"})
    String keyStore;
    @Param({"RSA", "EC"})
    String keyType;
    @Param({"TLSv1.3", "TLSv1.2"})
    String protocol;
    @Param({"full", "resumed"})
    String resumption;

    private Path dir;
    private LocalKms kms;
    private SSLContext server;
    private SSLContext client;
    private KeyStore trust;
    private Provider added;
    private final AtomicLong selections = new AtomicLong();
    private int handshakes;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (Security.getProvider(EnvelopeProvider.NAME) == null) {
            added = new EnvelopeProvider();
            Security.addProvider(added);
        }
        dir = Files.createTempDirectory("envelope-tls-bench");
        kms = LocalKms.open(dir.resolve("kms"), LocalKmsOptions.builder().auditSync(AuditSync.BATCHED).build());
        KeyStore store;
        char[] password = "bench-password".toCharArray();
        KeyPair pair;
        if (keyStore.equals("kms")) {
            store = KeyStore.getInstance("KMS");
            store.load(KmsLoadStoreParameter.of(KeyStoreConfig.local(dir.resolve("kms")), kms));
            KeyPairGenerator g = KeyPairGenerator.getInstance(keyType.equals("RSA") ? "KMS-RSA" : "KMS-EC");
            g.initialize(keyType.equals("RSA") ? 2048 : 256);
            pair = g.generateKeyPair();
        } else {
            store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            KeyPairGenerator g = KeyPairGenerator.getInstance(keyType);
            g.initialize(keyType.equals("RSA") ? 2048 : 256);
            pair = g.generateKeyPair();
        }
        X509Certificate cert = certificate(pair);
        store.setKeyEntry("alias/bench", pair.getPrivate(), password, new Certificate[]{cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(store, password);
        server = SSLContext.getInstance("TLS");
        server.init(new KeyManager[]{new CountingKeyManager((X509ExtendedKeyManager) kmf.getKeyManagers()[0],
                selections)}, null, null);
        trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("bench", cert);
        client = newClient();
        client.getClientSessionContext().setSessionCacheSize(1);
        handshake(); // the first one fills the client's session cache for the resumed runs
        long before = selections.get();
        for (int i = 0; i < 4; i++) {
            handshake();
        }
        long signed = selections.get() - before;
        if (signed != (resumption.equals("full") ? 4 : 0)) {
            throw new IllegalStateException(resumption + " " + protocol + ": " + signed
                    + " of 4 handshakes chose the server certificate");
        }
    }

    private static X509Certificate certificate(KeyPair pair) throws Exception {
        X500Principal name = new X500Principal("CN=bench.example.test");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), name,
                pair.getPublic());
        PrivateKey key = pair.getPrivate();
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder(algorithm).build(key)));
    }

    private SSLContext newClient() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        kms.close();
        if (added != null) {
            Security.removeProvider(EnvelopeProvider.NAME);
        }
        DirectoryTrees.delete(dir);
    }

    /** One handshake; a full one with a fresh client context, else resuming the client's cached session. */
    @Benchmark
    public boolean handshake() throws Exception {
        int port = resumption.equals("full") ? 443 + (handshakes++ & 1) : 443;
        SSLEngine clientEngine = client.createSSLEngine("bench.example.test", port);
        clientEngine.setUseClientMode(true);
        clientEngine.setEnabledProtocols(new String[]{protocol});
        SSLEngine serverEngine = server.createSSLEngine();
        serverEngine.setUseClientMode(false);
        serverEngine.setEnabledProtocols(new String[]{protocol});
        return run(clientEngine, serverEngine);
    }

    /** Drives both engines until both finished the handshake (bounded: a stuck handshake is an error). */
    private static boolean run(SSLEngine client, SSLEngine server) throws SSLException {
        int size = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(size * 4);
        ByteBuffer toClient = ByteBuffer.allocate(size * 4);
        ByteBuffer app = ByteBuffer.allocate(client.getSession().getApplicationBufferSize() * 2);
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 1000; i++) {
            step(client, empty, toServer, toClient, app);
            step(server, empty, toClient, toServer, app);
            if (done(client) && done(server)) {
                step(client, empty, toServer, toClient, app); // TLS 1.3: the NewSessionTicket that follows
                return client.getSession().isValid();
            }
        }
        throw new SSLException("handshake did not finish");
    }

    private static boolean done(SSLEngine e) {
        SSLEngineResult.HandshakeStatus s = e.getHandshakeStatus();
        return s == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || s == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    /** Lets one engine read what it was sent, run its tasks and write what it has to send. */
    private static void step(SSLEngine e, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer app)
            throws SSLException {
        in.flip();
        while (in.hasRemaining()) {
            app.clear();
            SSLEngineResult r = e.unwrap(in, app);
            tasks(e);
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                break;
            }
        }
        in.compact();
        while (e.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            SSLEngineResult r = e.wrap(empty, out);
            tasks(e);
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesProduced() == 0) {
                break;
            }
        }
    }

    private static void tasks(SSLEngine e) {
        for (Runnable task = e.getDelegatedTask(); task != null; task = e.getDelegatedTask()) {
            task.run();
        }
    }

    /** The server's key manager, counting its certificate selections: one per handshake that signs. */
    private static final class CountingKeyManager extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager delegate;
        private final AtomicLong selections;

        CountingKeyManager(X509ExtendedKeyManager delegate, AtomicLong selections) {
            this.delegate = delegate;
            this.selections = selections;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            String alias = delegate.chooseEngineServerAlias(keyType, issuers, engine);
            if (alias != null) {
                selections.incrementAndGet();
            }
            return alias;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate.getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseClientAlias(keyType, issuers, socket);
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
