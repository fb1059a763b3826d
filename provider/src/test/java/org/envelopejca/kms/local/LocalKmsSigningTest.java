package org.envelopejca.kms.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.KeyUsage;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.MessageType;
import org.envelopejca.kms.PublicKeyResult;
import org.envelopejca.kms.SignResult;
import org.envelopejca.kms.SigningAlgorithm;
import org.envelopejca.kms.SigningPeers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.envelopejca.kms.local.Stores.assertKmsError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signing keys of the embedded engine: KMS rules, and signatures that the JDK and openssl accept. */
class LocalKmsSigningTest {
    private static final byte[] MESSAGE = "pay 100 to the bearer, signed".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    @TempDir
    Path work;
    LocalKms kms;

    @BeforeEach
    void open() throws Exception {
        kms = Stores.open(dir);
    }

    @AfterEach
    void close() throws Exception {
        kms.close();
    }

    private KeyMetadata signingKey(KeySpec spec) throws Exception {
        return kms.createKey(CreateKeyRequest.signing(spec, "signing " + spec));
    }

    private static byte[] digest(SigningAlgorithm algorithm, byte[] message) throws Exception {
        return MessageDigest.getInstance(algorithm.digestAlgorithm()).digest(message);
    }

    @Test
    void everySpecSignsWithItsAlgorithmsAndTheJdkVerifies() throws Exception {
        for (KeySpec spec : List.of(KeySpec.RSA_2048, KeySpec.ECC_NIST_P256, KeySpec.ECC_NIST_P384,
                KeySpec.ECC_NIST_P521)) {
            KeyMetadata key = signingKey(spec);
            assertEquals(KeyUsage.SIGN_VERIFY, key.keyUsage());
            assertEquals(List.of(), key.encryptionAlgorithms());
            assertEquals(SigningAlgorithm.forKeySpec(spec), key.signingAlgorithms());
            assertEquals(key, kms.describeKey(key.arn()));
            PublicKeyResult pub = kms.getPublicKey(key.arn());
            assertEquals(KeyUsage.SIGN_VERIFY, pub.keyUsage());
            assertEquals(spec, pub.keySpec());
            assertEquals(key.signingAlgorithms(), pub.signingAlgorithms());
            PublicKey publicKey = SigningPeers.publicKey(pub.publicKey(), spec);
            for (SigningAlgorithm algorithm : key.signingAlgorithms()) {
                SignResult raw = kms.sign(key.keyId(), MESSAGE, MessageType.RAW, algorithm);
                assertEquals(key.arn(), raw.keyArn());
                assertEquals(algorithm, raw.algorithm());
                assertTrue(SigningPeers.jdkVerifies(publicKey, algorithm, MESSAGE, raw.signature()), spec + " " + algorithm);
                SignResult byDigest = kms.sign(key.keyId(), digest(algorithm, MESSAGE), MessageType.DIGEST, algorithm);
                assertTrue(SigningPeers.jdkVerifies(publicKey, algorithm, MESSAGE, byDigest.signature()),
                        spec + " " + algorithm + " DIGEST");
                assertTrue(kms.verify(key.arn(), MESSAGE, MessageType.RAW, byDigest.signature(), algorithm));
                assertTrue(kms.verify(key.arn(), digest(algorithm, MESSAGE), MessageType.DIGEST, raw.signature(),
                        algorithm));
                byte[] other = "pay 900 to the bearer, signed".getBytes(StandardCharsets.UTF_8);
                assertFalse(kms.verify(key.arn(), other, MessageType.RAW, raw.signature(), algorithm));
                assertFalse(SigningPeers.jdkVerifies(publicKey, algorithm, other, raw.signature()));
            }
        }
    }

    @Test
    void curvesAreTheSpecsOnes() throws Exception {
        // RSA sizes come from the same generator as RSA encryption keys, whose sizes LocalKmsOperationsTest checks
        for (KeySpec spec : List.of(KeySpec.ECC_NIST_P384, KeySpec.ECC_NIST_P521)) {
            PublicKey pub = SigningPeers.publicKey(kms.getPublicKey(signingKey(spec).arn()).publicKey(), spec);
            assertEquals(spec == KeySpec.ECC_NIST_P384 ? 384 : 521,
                    ((ECPublicKey) pub).getParams().getCurve().getField().getFieldSize());
        }
    }

    @Test
    void opensslVerifiesPkcs1PssAndEcdsa() throws Exception {
        if (!SigningPeers.opensslAvailable() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("openssl is not on the PATH (CI=true: the interop check is required)");
        }
        Assumptions.assumeTrue(SigningPeers.opensslAvailable(), "openssl is not on the PATH");
        KeyMetadata rsa = signingKey(KeySpec.RSA_2048);
        KeyMetadata ec = signingKey(KeySpec.ECC_NIST_P384);
        for (var pair : List.of(Map.entry(rsa, SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_256),
                Map.entry(rsa, SigningAlgorithm.RSASSA_PSS_SHA_384), Map.entry(rsa, SigningAlgorithm.RSASSA_PSS_SHA_512),
                Map.entry(ec, SigningAlgorithm.ECDSA_SHA_384))) {
            SigningAlgorithm algorithm = pair.getValue();
            byte[] der = kms.getPublicKey(pair.getKey().arn()).publicKey();
            byte[] signature = kms.sign(pair.getKey().arn(), MESSAGE, MessageType.RAW, algorithm).signature();
            assertTrue(SigningPeers.opensslVerifies(work, der, algorithm, MESSAGE, MessageType.RAW, signature),
                    "openssl dgst " + algorithm);
            byte[] d = digest(algorithm, MESSAGE);
            assertTrue(SigningPeers.opensslVerifies(work, der, algorithm, d, MessageType.DIGEST, signature),
                    "openssl pkeyutl " + algorithm);
            signature[signature.length / 2] ^= 1;
            assertFalse(SigningPeers.opensslVerifies(work, der, algorithm, MESSAGE, MessageType.RAW, signature),
                    "openssl accepted a damaged " + algorithm + " signature");
        }
    }

    @Test
    void usageIsFixedAtCreationAndEnforced() throws Exception {
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.createKey(new CreateKeyRequest(KeySpec.ECC_NIST_P256, "",
                false, KeyUsage.ENCRYPT_DECRYPT)));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.createKey(CreateKeyRequest.signing(KeySpec.SYMMETRIC_DEFAULT,
                "")));
        KeyMetadata signing = signingKey(KeySpec.RSA_2048);
        KeyMetadata encrypting = kms.createKey(new CreateKeyRequest(KeySpec.RSA_2048, "", false));
        KeyMetadata symmetric = kms.createKey(CreateKeyRequest.symmetric(""));
        assertEquals(KeyUsage.ENCRYPT_DECRYPT, encrypting.keyUsage());
        assertEquals(List.of(), encrypting.signingAlgorithms());
        // the other usage's operations: InvalidKeyUsageException
        assertKmsError(KmsErrorCode.INVALID_KEY_USAGE, () -> kms.sign(encrypting.arn(), MESSAGE, MessageType.RAW,
                SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_256));
        assertKmsError(KmsErrorCode.INVALID_KEY_USAGE, () -> kms.sign(symmetric.arn(), MESSAGE, MessageType.RAW,
                SigningAlgorithm.ECDSA_SHA_256));
        assertKmsError(KmsErrorCode.INVALID_KEY_USAGE, () -> kms.verify(encrypting.arn(), MESSAGE, MessageType.RAW,
                new byte[256], SigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_256));
        assertKmsError(KmsErrorCode.INVALID_KEY_USAGE, () -> kms.encrypt(signing.arn(), MESSAGE, null,
                EncryptionAlgorithm.RSAES_OAEP_SHA_256));
        assertKmsError(KmsErrorCode.INVALID_KEY_USAGE, () -> kms.decrypt(new byte[256], signing.arn(), null,
                EncryptionAlgorithm.RSAES_OAEP_SHA_256));
        assertKmsError(KmsErrorCode.INVALID_KEY_USAGE, () -> kms.generateDataKey(signing.arn(), 32, null));
        // no rotation for asymmetric keys
        assertKmsError(KmsErrorCode.UNSUPPORTED_OPERATION, () -> kms.rotateKeyOnDemand(signing.arn()));
        assertKmsError(KmsErrorCode.UNSUPPORTED_OPERATION, () -> kms.enableKeyRotation(signing.arn(), 365));
        // an alias moves only to a key of the same usage
        kms.createAlias("alias/signer", signing.keyId());
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.updateAlias("alias/signer", encrypting.keyId()));
        assertTrue(kms.sign("alias/signer", MESSAGE, MessageType.RAW, SigningAlgorithm.RSASSA_PSS_SHA_256)
                .signature().length == 256);
    }

    @Test
    void algorithmMustBeOneOfTheSpecs() throws Exception {
        KeyMetadata p256 = signingKey(KeySpec.ECC_NIST_P256);
        KeyMetadata rsa = signingKey(KeySpec.RSA_2048);
        assertKmsError(KmsErrorCode.INVALID_KEY_USAGE, () -> kms.sign(p256.arn(), MESSAGE, MessageType.RAW,
                SigningAlgorithm.ECDSA_SHA_384));
        assertKmsError(KmsErrorCode.INVALID_KEY_USAGE, () -> kms.sign(p256.arn(), MESSAGE, MessageType.RAW,
                SigningAlgorithm.RSASSA_PSS_SHA_256));
        assertKmsError(KmsErrorCode.INVALID_KEY_USAGE, () -> kms.sign(rsa.arn(), MESSAGE, MessageType.RAW,
                SigningAlgorithm.ECDSA_SHA_256));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.sign(rsa.arn(), MESSAGE, MessageType.RAW, null));
    }

    @Test
    void messageLimits() throws Exception {
        KeyMetadata key = signingKey(KeySpec.ECC_NIST_P256);
        SigningAlgorithm alg = SigningAlgorithm.ECDSA_SHA_256;
        byte[] largest = new byte[LocalKms.MAX_RAW_MESSAGE];
        byte[] signature = kms.sign(key.arn(), largest, MessageType.RAW, alg).signature();
        assertTrue(kms.verify(key.arn(), largest, MessageType.RAW, signature, alg));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.sign(key.arn(), new byte[LocalKms.MAX_RAW_MESSAGE + 1],
                MessageType.RAW, alg));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.sign(key.arn(), new byte[0], MessageType.RAW, alg));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.sign(key.arn(), new byte[31], MessageType.DIGEST, alg));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.sign(key.arn(), new byte[48], MessageType.DIGEST, alg));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.verify(key.arn(), MESSAGE, MessageType.RAW, new byte[0], alg));
        // a malformed signature is an invalid one, not a failure
        assertFalse(kms.verify(key.arn(), MESSAGE, MessageType.RAW, new byte[]{0x30, 0x01}, alg));
    }

    @Test
    void disabledAndPendingDeletionKeysDoNotSign() throws Exception {
        KeyMetadata key = signingKey(KeySpec.ECC_NIST_P256);
        kms.disableKey(key.arn());
        assertKmsError(KmsErrorCode.DISABLED, () -> kms.sign(key.arn(), MESSAGE, MessageType.RAW,
                SigningAlgorithm.ECDSA_SHA_256));
        kms.scheduleKeyDeletion(key.arn(), 7);
        assertKmsError(KmsErrorCode.INVALID_STATE, () -> kms.sign(key.arn(), MESSAGE, MessageType.RAW,
                SigningAlgorithm.ECDSA_SHA_256));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> kms.sign("alias/none", MESSAGE, MessageType.RAW,
                SigningAlgorithm.ECDSA_SHA_256));
    }

    @Test
    void signingKeysSurviveReopening() throws Exception {
        KeyMetadata key = signingKey(KeySpec.ECC_NIST_P256);
        byte[] der = kms.getPublicKey(key.arn()).publicKey();
        kms.close();
        kms = Stores.open(dir);
        assertEquals(KeyUsage.SIGN_VERIFY, kms.describeKey(key.arn()).keyUsage());
        assertArrayEquals(der, kms.getPublicKey(key.arn()).publicKey());
        byte[] signature = kms.sign(key.arn(), MESSAGE, MessageType.RAW, SigningAlgorithm.ECDSA_SHA_256).signature();
        assertTrue(SigningPeers.jdkVerifies(SigningPeers.publicKey(der, KeySpec.ECC_NIST_P256),
                SigningAlgorithm.ECDSA_SHA_256, MESSAGE, signature));
        // the private half is sealed: neither the store file nor the audit log carries it in the clear
        String store = Files.readString(dir.resolve(StoreFile.NAME));
        assertTrue(store.contains("\"keyUsage\":\"SIGN_VERIFY\""));
    }

    @Test
    void recordsOfEarlierStoresAreEncryptionKeys() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("old"));
        JsonNode state = Json.MAPPER.readTree(Files.readAllBytes(dir.resolve(StoreFile.NAME))).path("state");
        ObjectNode record = (ObjectNode) state.path("keys").path(key.keyId()).deepCopy();
        record.remove("keyUsage");
        KeyRecord read = Json.MAPPER.treeToValue(record, KeyRecord.class);
        assertEquals(KeyUsage.ENCRYPT_DECRYPT, read.keyUsage());
    }

    @Test
    void auditNamesKeyAlgorithmAndTypeNeverTheMessage() throws Exception {
        KeyMetadata key = signingKey(KeySpec.ECC_NIST_P256);
        byte[] message = "a message the audit log must never show 7f3a".getBytes(StandardCharsets.UTF_8);
        byte[] signature = kms.sign(key.arn(), message, MessageType.RAW, SigningAlgorithm.ECDSA_SHA_256).signature();
        kms.verify(key.arn(), message, MessageType.RAW, signature, SigningAlgorithm.ECDSA_SHA_256);
        byte[] d = digest(SigningAlgorithm.ECDSA_SHA_256, message);
        kms.sign(key.arn(), d, MessageType.DIGEST, SigningAlgorithm.ECDSA_SHA_256);
        String log = Files.readString(kms.auditLogFile());
        for (String forbidden : List.of("never show", Base64.getEncoder().encodeToString(message),
                HexFormat.of().formatHex(d), Base64.getEncoder().encodeToString(d),
                Base64.getEncoder().encodeToString(signature), HexFormat.of().formatHex(signature))) {
            assertFalse(log.contains(forbidden), "the audit log shows " + forbidden);
        }
        List<JsonNode> signs = Files.readAllLines(kms.auditLogFile()).stream().map(LocalKmsSigningTest::json)
                .filter(n -> n.path("eventName").asText().equals("Sign")).toList();
        assertEquals(2, signs.size());
        JsonNode p = signs.get(1).path("requestParameters");
        assertEquals(key.arn(), p.path("keyId").asText());
        assertEquals("ECDSA_SHA_256", p.path("signingAlgorithm").asText());
        assertEquals("DIGEST", p.path("messageType").asText());
        assertEquals(1, Files.readAllLines(kms.auditLogFile()).stream().map(LocalKmsSigningTest::json)
                .filter(n -> n.path("eventName").asText().equals("Verify")).count());
    }

    private static JsonNode json(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
