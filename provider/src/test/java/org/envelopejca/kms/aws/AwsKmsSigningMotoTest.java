package org.envelopejca.kms.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.List;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.KeyUsage;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.MessageType;
import org.envelopejca.kms.PublicKeyResult;
import org.envelopejca.kms.SignResult;
import org.envelopejca.kms.SigningAlgorithm;
import org.envelopejca.kms.SigningPeers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signing keys through the {@code aws} engine against Moto. Where Moto (5.2) differs from AWS KMS, the test checks
 * only what both do:
 * <ul>
 *   <li>MessageType DIGEST is ignored: Moto hashes the digest again as if it were RAW, so only RAW signatures are
 *       checked against the JDK here (the embedded engine's tests check DIGEST);</li>
 *   <li>RSASSA-PSS salts are of maximum length, not the digest's length as in KMS, so the JDK (which checks the salt
 *       length) verifies Moto's PKCS#1 v1.5 and ECDSA signatures, and Moto's PSS ones go through Moto's Verify;</li>
 *   <li>the wrong key usage or algorithm is ValidationException, where KMS says InvalidKeyUsageException;</li>
 *   <li>an invalid signature is SignatureValid=false, where KMS answers KMSInvalidSignatureException (the engine
 *       maps both to false).</li>
 * </ul>
 */
@ExtendWith(MotoServer.class)
class AwsKmsSigningMotoTest {
    private static final byte[] MESSAGE = "signed through the aws engine".getBytes(StandardCharsets.UTF_8);

    private static AwsKms kms;

    @BeforeAll
    static void open() {
        kms = Moto.engine("us-east-1");
    }

    @AfterAll
    static void close() {
        if (kms != null) {
            kms.close();
        }
    }

    @Test
    void signingKeysDescribeTheirUsageAndAlgorithms() throws Exception {
        for (KeySpec spec : List.of(KeySpec.RSA_2048, KeySpec.ECC_NIST_P256, KeySpec.ECC_NIST_P384,
                KeySpec.ECC_NIST_P521)) {
            KeyMetadata created = kms.createKey(CreateKeyRequest.signing(spec, "moto " + spec));
            KeyMetadata described = kms.describeKey(created.arn());
            assertEquals(spec, described.keySpec());
            assertEquals(KeyUsage.SIGN_VERIFY, described.keyUsage());
            assertEquals(List.of(), described.encryptionAlgorithms());
            assertEquals(SigningAlgorithm.forKeySpec(spec).stream().sorted().toList(),
                    described.signingAlgorithms().stream().sorted().toList());
            PublicKeyResult pub = kms.getPublicKey(created.arn());
            assertEquals(KeyUsage.SIGN_VERIFY, pub.keyUsage());
            assertEquals(spec, pub.keySpec());
            assertEquals(described.signingAlgorithms(), pub.signingAlgorithms());
        }
        KeyMetadata encrypting = kms.createKey(new CreateKeyRequest(KeySpec.RSA_2048, "", false));
        assertEquals(KeyUsage.ENCRYPT_DECRYPT, kms.describeKey(encrypting.arn()).keyUsage());
        assertEquals(List.of(), kms.describeKey(encrypting.arn()).signingAlgorithms());
    }

    @Test
    void rawSignaturesVerifyWithTheJdkAndInKms() throws Exception {
        for (KeySpec spec : List.of(KeySpec.RSA_2048, KeySpec.ECC_NIST_P256, KeySpec.ECC_NIST_P384)) {
            KeyMetadata key = kms.createKey(CreateKeyRequest.signing(spec, ""));
            PublicKey publicKey = SigningPeers.publicKey(kms.getPublicKey(key.arn()).publicKey(), spec);
            for (SigningAlgorithm algorithm : SigningAlgorithm.forKeySpec(spec)) {
                SignResult signed = kms.sign(key.arn(), MESSAGE, MessageType.RAW, algorithm);
                assertEquals(key.arn(), signed.keyArn());
                assertEquals(algorithm, signed.algorithm());
                if (algorithm.scheme() != SigningAlgorithm.Scheme.RSA_PSS) {
                    assertTrue(SigningPeers.jdkVerifies(publicKey, algorithm, MESSAGE, signed.signature()),
                            spec + " " + algorithm);
                }
                assertTrue(kms.verify(key.arn(), MESSAGE, MessageType.RAW, signed.signature(), algorithm));
                byte[] other = "signed through another engine".getBytes(StandardCharsets.UTF_8);
                assertFalse(kms.verify(key.arn(), other, MessageType.RAW, signed.signature(), algorithm));
            }
        }
    }

    @Test
    void wrongUsageIsRefused() throws Exception {
        KeyMetadata encrypting = kms.createKey(CreateKeyRequest.symmetric(""));
        KmsException e = assertThrows(KmsException.class, () -> kms.sign(encrypting.arn(), MESSAGE, MessageType.RAW,
                SigningAlgorithm.ECDSA_SHA_256));
        // Moto: ValidationException; AWS KMS: InvalidKeyUsageException
        assertTrue(e.code() == KmsErrorCode.VALIDATION || e.code() == KmsErrorCode.INVALID_KEY_USAGE, e.getMessage());
        assertEquals(encrypting.arn(), e.keyArn());
        KeyMetadata p256 = kms.createKey(CreateKeyRequest.signing(KeySpec.ECC_NIST_P256, ""));
        KmsException wrongAlgorithm = assertThrows(KmsException.class, () -> kms.sign(p256.arn(), MESSAGE,
                MessageType.RAW, SigningAlgorithm.ECDSA_SHA_384));
        assertTrue(wrongAlgorithm.code() == KmsErrorCode.VALIDATION
                || wrongAlgorithm.code() == KmsErrorCode.INVALID_KEY_USAGE, wrongAlgorithm.getMessage());
    }
}
