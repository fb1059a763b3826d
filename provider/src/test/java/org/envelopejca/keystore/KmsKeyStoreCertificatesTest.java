package org.envelopejca.keystore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Properties;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.local.AuditSync;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate chains of signing keys and trusted certificates in the KMS KeyStore, through the JCA API. */
class KmsKeyStoreCertificatesTest {
    @TempDir
    Path dir;
    private LocalKms kms;
    private KeyStore store;

    @BeforeEach
    void setUp() throws Exception {
        kms = LocalKms.open(dir, LocalKmsOptions.builder().auditSync(AuditSync.OPERATING_SYSTEM).build());
        store = load(KeyStoreConfig.local(dir));
    }

    @AfterEach
    void tearDown() throws Exception {
        kms.close();
    }

    private KeyStore load(KeyStoreConfig config) throws Exception {
        KeyStore ks = KeyStore.getInstance("KMS", new EnvelopeProvider());
        ks.load(KmsLoadStoreParameter.of(config, kms));
        return ks;
    }

    private KmsSigningKey signingKey(KeySpec spec) throws Exception {
        KeyMetadata m = kms.createKey(CreateKeyRequest.signing(spec, "cert test"));
        return assertInstanceOf(KmsSigningKey.class, store.getKey(m.arn(), null));
    }

    private static X509Certificate selfSigned(KmsSigningKey key) throws Exception {
        return TestCertificates.selfSigned("CN=" + key.keySpec(), key.publicKey(), key,
                key.keySpec().isEcc() ? "SHA256withECDSA" : "SHA256withRSA");
    }

    private static KeyPair softwareKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private byte[] storeBytes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, null);
        return out.toByteArray();
    }

    @Test
    void signingKeyIsAPrivateKeyEntryWithItsChain() throws Exception {
        KmsSigningKey key = signingKey(KeySpec.ECC_NIST_P256);
        X509Certificate cert = selfSigned(key);
        cert.verify(key.publicKey());
        store.setKeyEntry("web", key, null, new Certificate[]{cert});
        assertArrayEquals(new Certificate[]{cert}, store.getCertificateChain("web"));
        assertEquals(cert, store.getCertificate("alias/web"));
        assertTrue(store.isKeyEntry("web"));
        assertFalse(store.isCertificateEntry("web"));
        assertTrue(store.entryInstanceOf("web", KeyStore.PrivateKeyEntry.class));
        assertFalse(store.entryInstanceOf("web", KeyStore.SecretKeyEntry.class));
        assertEquals("alias/web", store.getCertificateAlias(cert));
        KeyStore.PrivateKeyEntry entry = assertInstanceOf(KeyStore.PrivateKeyEntry.class,
                store.getEntry("web", new KeyStore.PasswordProtection(new char[0])));
        assertEquals(key.keyArn(), ((KmsSigningKey) entry.getPrivateKey()).keyArn());
        assertEquals(cert, entry.getCertificate());

        storeBytes();
        Path file = dir.resolve("certificates.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        KeyStore again = load(KeyStoreConfig.local(dir));
        assertArrayEquals(new Certificate[]{cert}, again.getCertificateChain("web"));
        assertInstanceOf(KmsSigningKey.class, again.getKey("web", null));
    }

    @Test
    void chainIssuedByACaIsKeptInOrder() throws Exception {
        KeyPair ca = softwareKeys();
        X509Certificate caCert = TestCertificates.selfSigned("CN=Test CA", ca.getPublic(), ca.getPrivate(),
                "SHA256withECDSA");
        KmsSigningKey key = signingKey(KeySpec.RSA_2048);
        X509Certificate leaf = TestCertificates.issued(caCert, ca.getPrivate(), "CN=server", key.publicKey(),
                "SHA256withECDSA");
        store.setKeyEntry("server", key, null, new Certificate[]{leaf, caCert});
        storeBytes();
        assertArrayEquals(new Certificate[]{leaf, caCert}, load(KeyStoreConfig.local(dir)).getCertificateChain("server"));
    }

    @Test
    void chainOfAnotherKeyIsRefusedAndNothingChanges() throws Exception {
        KmsSigningKey key = signingKey(KeySpec.ECC_NIST_P256);
        KmsSigningKey other = signingKey(KeySpec.ECC_NIST_P256);
        X509Certificate foreign = selfSigned(other);
        KeyStoreException e = assertThrows(KeyStoreException.class,
                () -> store.setKeyEntry("web", key, null, new Certificate[]{foreign}));
        assertTrue(e.getMessage().contains("does not carry the public key"), e.getMessage());
        // JCA itself refuses a private key without a chain
        assertThrows(IllegalArgumentException.class, () -> store.setKeyEntry("web", key, null, null));
        assertFalse(store.containsAlias("web"), "a refused entry must not create the KMS alias");
        storeBytes();
        assertFalse(Files.exists(dir.resolve("certificates.json")));
    }

    @Test
    void trustedCertificateEntries() throws Exception {
        KeyPair ca = softwareKeys();
        X509Certificate caCert = TestCertificates.selfSigned("CN=Trusted CA", ca.getPublic(), ca.getPrivate(),
                "SHA256withECDSA");
        store.setCertificateEntry("ca", caCert);
        assertTrue(store.isCertificateEntry("ca"));
        assertFalse(store.isKeyEntry("ca"));
        assertNull(store.getKey("ca", null));
        assertEquals(caCert, store.getCertificate("ca"));
        assertNull(store.getCertificateChain("ca"));
        assertEquals("alias/ca", store.getCertificateAlias(caCert));
        assertTrue(store.entryInstanceOf("ca", KeyStore.TrustedCertificateEntry.class));
        assertTrue(Collections.list(store.aliases()).contains("alias/ca"));
        storeBytes();
        KeyStore again = load(KeyStoreConfig.local(dir));
        assertEquals(caCert, again.getCertificate("ca"));
        again.deleteEntry("ca");
        assertFalse(again.containsAlias("ca"));
        // a key's alias cannot become a trusted certificate, nor the other way round
        KmsSigningKey key = signingKey(KeySpec.ECC_NIST_P256);
        store.setKeyEntry("web", key, null, new Certificate[]{selfSigned(key)});
        assertThrows(KeyStoreException.class, () -> store.setCertificateEntry("web", caCert));
        assertThrows(KeyStoreException.class, () -> store.setKeyEntry("ca", key, null, new Certificate[]{selfSigned(key)}));
    }

    @Test
    void chainIsShownOnlyWhileTheAliasNamesItsKey() throws Exception {
        KmsSigningKey key = signingKey(KeySpec.ECC_NIST_P256);
        KmsSigningKey other = signingKey(KeySpec.ECC_NIST_P256);
        store.setKeyEntry("web", key, null, new Certificate[]{selfSigned(key)});
        storeBytes();
        kms.updateAlias("alias/web", other.keyArn());
        KeyStore again = load(KeyStoreConfig.local(dir));
        assertNull(again.getCertificateChain("web"));
        assertFalse(again.entryInstanceOf("web", KeyStore.PrivateKeyEntry.class));
    }

    @Test
    void awsEngineWithoutCertificatesPathRefusesToKeepCertificates() throws Exception {
        Properties p = new Properties();
        p.setProperty("kms", "aws");
        p.setProperty("aws.region", "us-east-1");
        KeyStore aws = load(KeyStoreConfig.parse(p));
        KmsSigningKey key = signingKey(KeySpec.ECC_NIST_P256);
        KeyStoreException e = assertThrows(KeyStoreException.class,
                () -> aws.setKeyEntry("web", key, null, new Certificate[]{selfSigned(key)}));
        assertTrue(e.getMessage().contains("certificates.path"), e.getMessage());
        p.setProperty("certificates.path", dir.resolve("elsewhere/chains.json").toString());
        KeyStore named = load(KeyStoreConfig.parse(p));
        named.setKeyEntry("web", key, null, new Certificate[]{selfSigned(key)});
        named.store(new ByteArrayOutputStream(), null);
        assertTrue(Files.exists(dir.resolve("elsewhere/chains.json")));
    }

    @Test
    void aFailedCertificatesWriteWritesNothing() throws Exception {
        Files.writeString(dir.resolve("not-a-directory"), "x");
        Properties p = new Properties();
        p.setProperty("local.path", dir.toString());
        p.setProperty("certificates.path", dir.resolve("not-a-directory/chains.json").toString());
        KeyStore broken = load(KeyStoreConfig.parse(p));
        KmsSigningKey key = signingKey(KeySpec.ECC_NIST_P256);
        broken.setKeyEntry("web", key, null, new Certificate[]{selfSigned(key)});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(IOException.class, () -> broken.store(out, null));
        assertEquals(0, out.size(), "the configuration must not be written when the certificates were not");
    }
}
