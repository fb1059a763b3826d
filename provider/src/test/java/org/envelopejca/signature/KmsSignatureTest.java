package org.envelopejca.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import javax.crypto.SecretKey;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.KmsOperationException;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsLoadStoreParameter;
import org.envelopejca.keystore.KmsSigningKey;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.local.AuditSync;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Signature services over KMS handles from the KMS KeyStore, with Envelope first in the provider list: KMS
 * handles sign through KMS, every other key (and every verification) stays with the JDK.
 */
class KmsSignatureTest {
    private static final byte[] MESSAGE = "a document worth signing".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    private static LocalKms kms;
    private static KeyStore store;

    @BeforeAll
    static void setUp() throws Exception {
        kms = LocalKms.open(dir, LocalKmsOptions.builder().auditSync(AuditSync.OPERATING_SYSTEM).build());
        for (var e : List.of(java.util.Map.entry("alias/rsa", KeySpec.RSA_2048),
                java.util.Map.entry("alias/p256", KeySpec.ECC_NIST_P256),
                java.util.Map.entry("alias/p384", KeySpec.ECC_NIST_P384),
                java.util.Map.entry("alias/p521", KeySpec.ECC_NIST_P521))) {
            kms.createAlias(e.getKey(), kms.createKey(CreateKeyRequest.signing(e.getValue(), e.getKey())).keyId());
        }
        kms.createAlias("alias/data", kms.createKey(CreateKeyRequest.symmetric("data")).keyId());
        store = KeyStore.getInstance("KMS", new EnvelopeProvider());
        store.load(KmsLoadStoreParameter.of(KeyStoreConfig.local(dir), kms));
        Security.insertProviderAt(new EnvelopeProvider(), 1);
    }

    @AfterAll
    static void tearDown() throws Exception {
        Security.removeProvider(EnvelopeProvider.NAME);
        kms.close();
    }

    private static KmsSigningKey key(String alias) throws Exception {
        return assertInstanceOf(KmsSigningKey.class, store.getKey(alias, null));
    }

    private static byte[] sign(String algorithm, PrivateKey key, PSSParameterSpec pss, boolean paramsFirst)
            throws Exception {
        Signature s = Signature.getInstance(algorithm);
        if (pss != null && paramsFirst) {
            s.setParameter(pss);
        }
        s.initSign(key);
        if (pss != null && !paramsFirst) {
            s.setParameter(pss);
        }
        assertEquals(EnvelopeProvider.NAME, s.getProvider().getName(), "a KMS handle must go to Envelope");
        s.update(MESSAGE, 0, 10);
        s.update(MESSAGE, 10, MESSAGE.length - 10);
        return s.sign();
    }

    private static boolean jdkVerifies(String algorithm, PublicKey key, PSSParameterSpec pss, byte[] signature)
            throws Exception {
        Signature v = Signature.getInstance(algorithm);
        v.initVerify(key);
        if (pss != null) {
            v.setParameter(pss);
        }
        assertNotEquals(EnvelopeProvider.NAME, v.getProvider().getName(), "verification stays with the JDK");
        v.update(MESSAGE);
        return v.verify(signature);
    }

    private static PSSParameterSpec pss(String digest, int salt) {
        return new PSSParameterSpec(digest, "MGF1", new MGF1ParameterSpec(digest), salt, 1);
    }

    @Test
    void handlesArePrivateKeysWithTheirPublicParametersAndNoEncoding() throws Exception {
        KmsSigningKey rsa = key("alias/rsa");
        assertEquals("RSA", rsa.getAlgorithm());
        assertNull(rsa.getEncoded());
        assertNull(rsa.getFormat());
        assertEquals(((RSAPublicKey) rsa.publicKey()).getModulus(), assertInstanceOf(RSAKey.class, rsa).getModulus());
        assertEquals(2048, ((RSAKey) rsa).getModulus().bitLength());
        KmsSigningKey ec = key("alias/p384");
        assertEquals("EC", ec.getAlgorithm());
        assertNull(ec.getEncoded());
        assertEquals(((ECPublicKey) ec.publicKey()).getParams().getOrder(),
                assertInstanceOf(ECKey.class, ec).getParams().getOrder());
        assertTrue(!ec.toString().contains("BEGIN") && ec.toString().contains("alias/p384"));
        assertInstanceOf(SecretKey.class, store.getKey("alias/data", null));
    }

    @Test
    void rsaSignaturesVerifyWithTheJdk() throws Exception {
        KmsSigningKey rsa = key("alias/rsa");
        for (String alg : List.of("SHA256withRSA", "SHA384withRSA", "SHA512withRSA")) {
            assertTrue(jdkVerifies(alg, rsa.publicKey(), null, sign(alg, rsa, null, false)), alg);
        }
        for (String digest : List.of("SHA-256", "SHA-384", "SHA-512")) {
            int salt = digest.equals("SHA-256") ? 32 : digest.equals("SHA-384") ? 48 : 64;
            PSSParameterSpec spec = pss(digest, salt);
            assertTrue(jdkVerifies("RSASSA-PSS", rsa.publicKey(), spec, sign("RSASSA-PSS", rsa, spec, false)), digest);
            assertTrue(jdkVerifies("RSASSA-PSS", rsa.publicKey(), spec, sign("RSASSA-PSS", rsa, spec, true)), digest);
        }
    }

    @Test
    void ecdsaSignaturesVerifyWithTheJdkForEveryDigestAndCurve() throws Exception {
        for (String alias : List.of("alias/p256", "alias/p384", "alias/p521")) {
            KmsSigningKey ec = key(alias);
            for (String alg : List.of("SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA")) {
                assertTrue(jdkVerifies(alg, ec.publicKey(), null, sign(alg, ec, null, false)), alias + " " + alg);
            }
        }
    }

    @Test
    void otherKeysStayWithTheJdkEvenWithEnvelopeFirst() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        var pair = g.generateKeyPair();
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(pair.getPrivate());
        assertNotEquals(EnvelopeProvider.NAME, s.getProvider().getName());
        s.update(MESSAGE);
        assertTrue(jdkVerifies("SHA256withECDSA", pair.getPublic(), null, s.sign()));
        // the services declare which keys they take, so JCA does not even try Envelope for other keys
        java.security.Provider.Service service = Security.getProvider(EnvelopeProvider.NAME)
                .getService("Signature", "SHA256withECDSA");
        assertTrue(!service.supportsParameter(pair.getPrivate()) && !service.supportsParameter(pair.getPublic()));
        assertTrue(service.supportsParameter(key("alias/p256")));
        // asked by name, Envelope refuses what is not a KMS handle, and never verifies
        Signature envelope = Signature.getInstance("SHA256withECDSA", EnvelopeProvider.NAME);
        assertThrows(InvalidKeyException.class, () -> envelope.initSign(pair.getPrivate()));
        assertThrows(InvalidKeyException.class, () -> envelope.initVerify(pair.getPublic()));
    }

    @Test
    void psssParametersOtherThanKmssAreRefused() throws Exception {
        KmsSigningKey rsa = key("alias/rsa");
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.initSign(rsa);
        assertThrows(InvalidAlgorithmParameterException.class, () -> s.setParameter(pss("SHA-256", 20)));
        assertThrows(InvalidAlgorithmParameterException.class, () -> s.setParameter(
                new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA1, 32, 1)));
        assertThrows(InvalidAlgorithmParameterException.class, () -> s.setParameter(pss("SHA-1", 20)));
        assertThrows(InvalidAlgorithmParameterException.class, () -> s.setParameter(pss("SHA-224", 28)));
        // no parameters yet: nothing to sign with
        assertThrows(SignatureException.class, () -> s.update(MESSAGE));
        s.setParameter(pss("SHA-384", 48));
        assertEquals(pss("SHA-384", 48).toString(),
                s.getParameters().getParameterSpec(PSSParameterSpec.class).toString());
        Signature fixed = Signature.getInstance("SHA256withRSA", EnvelopeProvider.NAME);
        assertThrows(InvalidAlgorithmParameterException.class, () -> fixed.setParameter(pss("SHA-256", 32)));
    }

    @Test
    void keyOfTheWrongFamilyIsRefused() throws Exception {
        assertThrows(InvalidKeyException.class, () -> Signature.getInstance("SHA256withRSA", EnvelopeProvider.NAME)
                .initSign(key("alias/p256")));
        assertThrows(InvalidKeyException.class, () -> Signature.getInstance("SHA256withECDSA", EnvelopeProvider.NAME)
                .initSign(key("alias/rsa")));
    }

    @Test
    void oneKmsCallPerSignatureWhateverTheMessageLength() throws Exception {
        KmsSigningKey ec = key("alias/p256");
        long before = signLines();
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(ec);
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 32; i++) {
            s.update(chunk);
        }
        byte[] signature = s.sign();
        assertEquals(before + 1, signLines());
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(ec.publicKey());
        for (int i = 0; i < 32; i++) {
            v.update(chunk);
        }
        assertTrue(v.verify(signature));
        assertEquals(before + 1, signLines(), "verification must not call KMS");
    }

    @Test
    void kmsRefusalIsASignatureExceptionWithTheKmsCode() throws Exception {
        var created = kms.createKey(CreateKeyRequest.signing(KeySpec.ECC_NIST_P256, "disabled"));
        KmsSigningKey k = key(created.arn());
        kms.disableKey(created.keyId());
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(k);
        s.update(MESSAGE);
        SignatureException e = assertThrows(SignatureException.class, s::sign);
        assertEquals(KmsErrorCode.DISABLED, assertInstanceOf(KmsOperationException.class, e.getCause()).code());
        assertEquals(created.arn(), ((KmsOperationException) e.getCause()).keyArn());
    }

    private static long signLines() throws Exception {
        return Files.readAllLines(kms.auditLogFile()).stream().filter(l -> l.contains("\"eventName\":\"Sign\"")).count();
    }
}
