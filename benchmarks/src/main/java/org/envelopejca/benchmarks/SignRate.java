package org.envelopejca.benchmarks;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsLoadStoreParameter;
import org.envelopejca.keystore.KmsSigningKey;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.MessageType;
import org.envelopejca.kms.SigningAlgorithm;
import org.envelopejca.kms.aws.AwsKms;
import org.envelopejca.kms.aws.AwsKmsConfig;
import org.envelopejca.kms.local.AuditSync;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.envelopejca.server.AccessKey;
import org.envelopejca.server.KmsServer;
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
 * Signatures per second of a 1 KiB message, one thread, {@code keySpec} RSA_2048 (PKCS#1 v1.5 SHA-256) or
 * ECC_NIST_P256 (ECDSA SHA-256), along the paths a signature can take:
 * <ul>
 * <li>{@code jdk}: the JDK's Signature with a software key in memory (the reference: no KMS);</li>
 * <li>{@code kms}: the embedded engine's {@code Kms.sign} in process (SHA-256 locally, MessageType DIGEST);</li>
 * <li>{@code signature}: the provider's Signature service over the KMS KeyStore's handle, embedded engine;</li>
 * <li>{@code endpoint}: the aws engine's {@code Kms.sign} (AWS SDK v2) against {@code envelope serve}'s endpoint
 * over the same embedded engine, on loopback in this JVM (one HTTP request per signature);</li>
 * <li>{@code endpoint-signature}: the Signature service over a KMS KeyStore whose engine is that aws engine, which
 * is what a TLS server whose key is in AWS KMS does per full handshake, minus the network.</li>
 * </ul>
 * The embedded engine syncs its audit lines in batches (its default).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignRate {
    private static final String ACCESS_KEY_ID = "EKIABENCHMARK0000003";
    private static final String SECRET = "benchmark-secret-sign-0123456789ab";

    @Param({"RSA_2048", "ECC_NIST_P256"})
    String keySpec;
    @Param({"jdk", "kms", "signature", "endpoint", "endpoint-signature"})
    String path;

    private Path dir;
    private LocalKms local;
    private KmsServer server;
    private AwsKms aws;
    private Provider added;
    private byte[] message;
    private Kms kms;
    private String keyArn;
    private SigningAlgorithm algorithm;
    private PrivateKey key;
    private String signatureName;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (Security.getProvider(EnvelopeProvider.NAME) == null) {
            added = new EnvelopeProvider();
            Security.addProvider(added);
        }
        message = new byte[1024];
        new Random(1).nextBytes(message);
        boolean rsa = keySpec.equals("RSA_2048");
        algorithm = rsa ? SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_256 : SigningAlgorithm.ECDSA_SHA_256;
        signatureName = rsa ? "SHA256withRSA" : "SHA256withECDSA";
        if (path.equals("jdk")) {
            KeyPairGenerator g = KeyPairGenerator.getInstance(rsa ? "RSA" : "EC");
            g.initialize(rsa ? 2048 : 256);
            key = g.generateKeyPair().getPrivate();
            return;
        }
        dir = Files.createTempDirectory("envelope-sign-bench");
        local = LocalKms.open(dir.resolve("kms"), LocalKmsOptions.builder().auditSync(AuditSync.BATCHED).build());
        kms = local;
        if (path.startsWith("endpoint")) {
            server = KmsServer.builder()
                    .localKms(local)
                    .bind(InetAddress.getLoopbackAddress())
                    .credentials(Map.of(ACCESS_KEY_ID, new AccessKey(ACCESS_KEY_ID, SECRET, "benchmark", null,
                            Set.of("*"), List.of("*"))))
                    .start();
            aws = AwsKms.create(AwsKmsConfig.builder().region(local.region()).endpoint(server.endpoint())
                    .staticCredentials(ACCESS_KEY_ID, SECRET, null).maxAttempts(1).build());
            kms = aws;
        }
        // The key is created through the KeyStore's engine (KMS-RSA / KMS-EC), so over the endpoint when measured so.
        KeyStore store = KeyStore.getInstance("KMS");
        store.load(KmsLoadStoreParameter.of(KeyStoreConfig.local(dir.resolve("kms")), kms));
        KeyPairGenerator g = KeyPairGenerator.getInstance(rsa ? "KMS-RSA" : "KMS-EC");
        g.initialize(rsa ? 2048 : 256);
        KeyPair pair = g.generateKeyPair();
        key = pair.getPrivate();
        keyArn = ((KmsSigningKey) key).keyArn();
        // Check once that the path signs what the JDK verifies with the public key.
        Signature verify = Signature.getInstance(signatureName);
        verify.initVerify(pair.getPublic());
        verify.update(message);
        if (!verify.verify(path.endsWith("signature") ? sign() : kmsSign())) {
            throw new SignatureException("the " + path + " signature does not verify");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (aws != null) {
            aws.close();
        }
        if (server != null) {
            server.close();
        }
        if (local != null) {
            local.close();
        }
        if (added != null) {
            Security.removeProvider(EnvelopeProvider.NAME);
        }
        if (dir != null) {
            DirectoryTrees.delete(dir);
        }
    }

    @Benchmark
    public byte[] signOnce() throws Exception {
        return switch (path) {
            case "kms", "endpoint" -> kmsSign();
            default -> sign();
        };
    }

    /** Through JCA: the JDK's provider for a software key, Envelope's service for a KMS handle. */
    private byte[] sign() throws Exception {
        Signature s = Signature.getInstance(signatureName);
        s.initSign(key);
        s.update(message);
        return s.sign();
    }

    /** The engine's Sign with the digest computed here, as the Signature service does. */
    private byte[] kmsSign() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        return kms.sign(keyArn, digest, MessageType.DIGEST, algorithm).signature();
    }
}
