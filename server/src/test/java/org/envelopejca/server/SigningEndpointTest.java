package org.envelopejca.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.List;
import org.envelopejca.kms.SigningPeers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/** Sign, Verify and GetPublicKey of signing keys through the endpoint, with the unmodified AWS SDK for Java v2. */
class SigningEndpointTest {
    private static final byte[] MESSAGE = "signed through the endpoint".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    static ServerFixture fx;
    static KmsClient kms;

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture(dir, List.of("*"));
        kms = fx.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    private static String errorCode(Executable call) {
        KmsException e = assertThrows(KmsException.class, call);
        return e.awsErrorDetails().errorCode();
    }

    private static KeyMetadata signingKey(KeySpec spec) {
        return kms.createKey(r -> r.keySpec(spec).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata();
    }

    @Test
    void signVerifyAndPublicKeyOfEcAndRsaKeys() throws Exception {
        for (var c : List.of(
                java.util.Map.entry(KeySpec.ECC_NIST_P256, SigningAlgorithmSpec.ECDSA_SHA_256),
                java.util.Map.entry(KeySpec.RSA_2048, SigningAlgorithmSpec.RSASSA_PSS_SHA_256),
                java.util.Map.entry(KeySpec.RSA_2048, SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_384))) {
            KeyMetadata key = signingKey(c.getKey());
            assertEquals(KeyUsageType.SIGN_VERIFY, key.keyUsage());
            assertTrue(key.signingAlgorithms().contains(c.getValue()), key.toString());
            assertTrue(key.encryptionAlgorithms().isEmpty(), key.toString());
            var pub = kms.getPublicKey(r -> r.keyId(key.arn()));
            assertEquals(KeyUsageType.SIGN_VERIFY, pub.keyUsage());
            assertEquals(key.signingAlgorithms(), pub.signingAlgorithms());
            org.envelopejca.kms.KeySpec spec = org.envelopejca.kms.KeySpec.valueOf(c.getKey().toString());
            org.envelopejca.kms.SigningAlgorithm alg = org.envelopejca.kms.SigningAlgorithm.valueOf(c.getValue().toString());
            PublicKey publicKey = SigningPeers.publicKey(pub.publicKey().asByteArray(), spec);

            var raw = kms.sign(r -> r.keyId(key.arn()).message(SdkBytes.fromByteArray(MESSAGE))
                    .messageType(MessageType.RAW).signingAlgorithm(c.getValue()));
            assertEquals(key.arn(), raw.keyId());
            assertTrue(SigningPeers.jdkVerifies(publicKey, alg, MESSAGE, raw.signature().asByteArray()));
            byte[] digest = MessageDigest.getInstance(alg.digestAlgorithm()).digest(MESSAGE);
            var byDigest = kms.sign(r -> r.keyId(key.arn()).message(SdkBytes.fromByteArray(digest))
                    .messageType(MessageType.DIGEST).signingAlgorithm(c.getValue()));
            assertTrue(SigningPeers.jdkVerifies(publicKey, alg, MESSAGE, byDigest.signature().asByteArray()));

            assertTrue(kms.verify(r -> r.keyId(key.arn()).message(SdkBytes.fromByteArray(MESSAGE))
                    .signature(byDigest.signature()).signingAlgorithm(c.getValue())).signatureValid());
            assertEquals("KMSInvalidSignatureException", errorCode(() -> kms.verify(r -> r.keyId(key.arn())
                    .message(SdkBytes.fromUtf8String("another message")).signature(raw.signature())
                    .signingAlgorithm(c.getValue()))));
        }
    }

    @Test
    void badInputGetsKmsErrorNames() {
        KeyMetadata ec = signingKey(KeySpec.ECC_NIST_P256);
        String symmetric = kms.createKey(r -> r.description("encrypts")).keyMetadata().arn();
        assertEquals("InvalidKeyUsageException", errorCode(() -> kms.sign(r -> r.keyId(symmetric)
                .message(SdkBytes.fromByteArray(MESSAGE)).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))));
        assertEquals("InvalidKeyUsageException", errorCode(() -> kms.sign(r -> r.keyId(ec.arn())
                .message(SdkBytes.fromByteArray(MESSAGE)).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_384))));
        assertEquals("InvalidKeyUsageException", errorCode(() -> kms.encrypt(r -> r.keyId(ec.arn())
                .plaintext(SdkBytes.fromByteArray(MESSAGE)))));
        assertEquals("ValidationException", errorCode(() -> kms.sign(r -> r.keyId(ec.arn())
                .message(SdkBytes.fromByteArray(new byte[4097])).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))));
        assertEquals("ValidationException", errorCode(() -> kms.sign(r -> r.keyId(ec.arn())
                .message(SdkBytes.fromByteArray(new byte[20])).messageType(MessageType.DIGEST)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))));
        assertEquals("ValidationException", errorCode(() -> kms.sign(r -> r.keyId(ec.arn())
                .message(SdkBytes.fromByteArray(MESSAGE)))));
        kms.disableKey(r -> r.keyId(ec.arn()));
        assertEquals("DisabledException", errorCode(() -> kms.sign(r -> r.keyId(ec.arn())
                .message(SdkBytes.fromByteArray(MESSAGE)).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))));
    }

    @Test
    void authorizationAppliesToSigning() {
        KeyMetadata ec = signingKey(KeySpec.ECC_NIST_P256);
        // the limited access key may not call Sign at all
        assertEquals("AccessDeniedException", errorCode(() -> fx.limited().sign(r -> r.keyId(ec.arn())
                .message(SdkBytes.fromByteArray(MESSAGE)).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))));
    }
}
