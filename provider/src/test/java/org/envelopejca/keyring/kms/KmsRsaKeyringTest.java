package org.envelopejca.keyring.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.envelopejca.keyring.DecryptionMaterials;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.keyring.EncryptionMaterials;
import org.envelopejca.keyring.KeyringException;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.message.DataKeyException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KmsRsaKeyringTest {
    private static final Map<String, String> CONTEXT = Map.of("purpose", "rsa");
    private static final AlgorithmSuite SUITE = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;

    // RSA key generation is slow: one KMS with two RSA keys for the whole class.
    private final InMemoryKms kms = new InMemoryKms();
    private String key;
    private String otherKey;

    @BeforeAll
    void keys() {
        key = kms.createRsaKey();
        otherKey = kms.createRsaKey();
    }

    @Test
    void roundTripsWithTheSpecEdkShape() throws Exception {
        KmsRsaKeyring keyring = new KmsRsaKeyring(kms, key);
        byte[] plaintext = Messages.randomBytes(2000);
        Messages.Encrypted message = Messages.encrypt(keyring, SUITE, CONTEXT, plaintext);
        EncryptedDataKey edk = message.header().encryptedDataKeys().get(0);
        assertEquals("aws-kms-rsa", edk.providerId());
        assertEquals(key, edk.providerInfoText());
        assertEquals(256, edk.ciphertext().length, "one RSA-2048 block");
        assertArrayEquals(plaintext, Messages.decrypt(keyring, message.bytes(), CONTEXT));
    }

    @Test
    void sha1PaddingRoundTripsAndDiffersFromSha256() throws Exception {
        KmsRsaKeyring sha1 = new KmsRsaKeyring(kms, key, EncryptionAlgorithm.RSAES_OAEP_SHA_1, null, new SecureRandom());
        byte[] plaintext = Messages.randomBytes(10);
        byte[] message = Messages.encryptBytes(sha1, SUITE, CONTEXT, plaintext);
        assertArrayEquals(plaintext, Messages.decrypt(sha1, message, CONTEXT));
        assertThrows(DataKeyException.class, () -> Messages.decrypt(new KmsRsaKeyring(kms, key), message, CONTEXT));
    }

    @Test
    void thePublicKeyIsFetchedOnce() throws Exception {
        int before = kms.getPublicKeyCalls.get();
        KmsRsaKeyring keyring = new KmsRsaKeyring(kms, key);
        for (int i = 0; i < 5; i++) {
            Messages.encryptBytes(keyring, SUITE, CONTEXT, new byte[1]);
        }
        assertEquals(before + 1, kms.getPublicKeyCalls.get());
    }

    @Test
    void theContextIsBoundThroughTheDigest() throws Exception {
        KmsRsaKeyring keyring = new KmsRsaKeyring(kms, key);
        EncryptionMaterials m = keyring.onEncrypt(EncryptionMaterials.initial(0x0478, 32, CONTEXT));
        KmsKeyringException e = assertThrows(KmsKeyringException.class,
                () -> keyring.onDecrypt(DecryptionMaterials.initial(0x0478, 32, Map.of("purpose", "other")), m.encryptedDataKeys()));
        assertTrue(e.getMessage().contains("encryption context differs"));
        assertArrayEquals(m.dataKey().bytes(),
                keyring.onDecrypt(DecryptionMaterials.initial(0x0478, 32, CONTEXT), m.encryptedDataKeys()).dataKey().bytes());
    }

    @Test
    void signingSuitesAreRefusedOnEncrypt() {
        KmsRsaKeyring keyring = new KmsRsaKeyring(kms, key);
        for (AlgorithmSuite suite : AlgorithmSuite.values()) {
            EncryptionMaterials m = EncryptionMaterials.initial(suite.id(), suite.dataKeyLength(), CONTEXT);
            if (suite.signature() != AlgorithmSuite.Signature.NONE) {
                assertThrows(KeyringException.class, () -> keyring.onEncrypt(m), suite.name());
            }
        }
    }

    @Test
    void otherKeysEdksAreNotTried() throws Exception {
        byte[] message = Messages.encryptBytes(new KmsRsaKeyring(kms, otherKey), SUITE, CONTEXT, new byte[1]);
        int before = kms.decryptCalls.get();
        assertThrows(DataKeyException.class, () -> Messages.decrypt(new KmsRsaKeyring(kms, key), message, CONTEXT));
        assertEquals(before, kms.decryptCalls.get());
    }

    @Test
    void anAnswerFromAnotherKeyIsRefusedAndKmsErrorsAreCarried() throws Exception {
        KmsRsaKeyring keyring = new KmsRsaKeyring(kms, key);
        EncryptionMaterials m = keyring.onEncrypt(EncryptionMaterials.initial(0x0478, 32, CONTEXT));
        kms.answerWithKeyArn(otherKey);
        try {
            assertThrows(KmsKeyringException.class,
                    () -> keyring.onDecrypt(DecryptionMaterials.initial(0x0478, 32, CONTEXT), m.encryptedDataKeys()));
        } finally {
            kms.answerWithKeyArn(null);
        }
        String denied = kms.createRsaKey();
        KmsRsaKeyring deniedKeyring = new KmsRsaKeyring(kms, denied);
        EncryptionMaterials dm = deniedKeyring.onEncrypt(EncryptionMaterials.initial(0x0478, 32, CONTEXT));
        kms.denyAccess(denied);
        KmsKeyringException e = assertThrows(KmsKeyringException.class,
                () -> deniedKeyring.onDecrypt(DecryptionMaterials.initial(0x0478, 32, CONTEXT), dm.encryptedDataKeys()));
        assertEquals(KmsErrorCode.ACCESS_DENIED, e.kmsErrors().get(0).code());
        assertEquals(denied, e.kmsErrors().get(0).keyArn());
    }

    @Test
    void aGivenPublicKeyIsUsedWithoutGetPublicKey() throws Exception {
        InMemoryKms fresh = new InMemoryKms();
        KmsRsaKeyring fetching = new KmsRsaKeyring(fresh, key);
        assertInstanceOf(KmsKeyringException.class,
                assertThrows(KeyringException.class, () -> fetching.onEncrypt(EncryptionMaterials.initial(0x0478, 32, CONTEXT))));
        assertEquals(1, fresh.getPublicKeyCalls.get());
        assertEquals(KmsErrorCode.NOT_FOUND, ((KmsKeyringException) assertThrows(KeyringException.class,
                () -> fetching.onEncrypt(EncryptionMaterials.initial(0x0478, 32, CONTEXT)))).kmsErrors().get(0).code());
    }

    @Test
    void weakOrMisnamedKeysAreRefusedAtConstruction() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        java.security.PublicKey small = g.generateKeyPair().getPublic();
        assertThrows(IllegalArgumentException.class,
                () -> new KmsRsaKeyring(kms, key, EncryptionAlgorithm.RSAES_OAEP_SHA_256, small, new SecureRandom()));
        assertThrows(IllegalArgumentException.class, () -> new KmsRsaKeyring(kms, "alias/rsa"));
        assertThrows(IllegalArgumentException.class,
                () -> new KmsRsaKeyring(kms, key, EncryptionAlgorithm.SYMMETRIC_DEFAULT, null, new SecureRandom()));
        assertEquals(List.of(key + " (RSAES_OAEP_SHA_256)"), new KmsRsaKeyring(kms, key).keyDescriptions());
    }
}
