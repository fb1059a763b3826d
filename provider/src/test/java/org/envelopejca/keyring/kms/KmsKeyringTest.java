package org.envelopejca.keyring.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.keyring.DecryptionMaterials;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.keyring.EncryptionMaterials;
import org.envelopejca.keyring.KeyringException;
import org.envelopejca.keyring.MultiKeyring;
import org.envelopejca.keyring.RawAesKeyring;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.message.DataKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KmsKeyringTest {
    private static final Map<String, String> CONTEXT = Map.of("purpose", "test", "tenant", "42");
    private static final AlgorithmSuite SUITE = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;

    private final InMemoryKms kms = new InMemoryKms();

    @ParameterizedTest
    @EnumSource(AlgorithmSuite.class)
    void roundTripsEverySuiteThroughTheMessageLayer(AlgorithmSuite suite) throws Exception {
        String key = kms.createSymmetricKey();
        KmsKeyring keyring = new KmsKeyring(kms, key);
        byte[] plaintext = Messages.randomBytes(3000);
        Messages.Encrypted message = Messages.encrypt(keyring, suite, CONTEXT, plaintext);

        List<EncryptedDataKey> edks = message.header().encryptedDataKeys();
        assertEquals(1, edks.size());
        assertEquals("aws-kms", edks.get(0).providerId());
        assertEquals(key, edks.get(0).providerInfoText());
        assertEquals(1, kms.generateDataKeyCalls.get());
        assertArrayEquals(plaintext, Messages.decrypt(keyring, message.bytes(), CONTEXT));
        assertEquals(1, kms.decryptCalls.get());
    }

    @Test
    void generatesWithTheSuiteKeyLengthAndTheContext() throws Exception {
        KmsKeyring keyring = new KmsKeyring(kms, kms.createSymmetricKey());
        EncryptionMaterials m = keyring.onEncrypt(EncryptionMaterials.initial(0x0114, 16, CONTEXT));
        assertEquals(16, m.dataKey().length());
        // The blob is bound to the context: decrypting with another context must fail in KMS.
        DecryptionMaterials other = DecryptionMaterials.initial(0x0114, 16, Map.of("purpose", "other"));
        KmsKeyringException e = assertThrows(KmsKeyringException.class, () -> keyring.onDecrypt(other, m.encryptedDataKeys()));
        assertEquals(KmsErrorCode.INVALID_CIPHERTEXT, e.kmsErrors().get(0).code());
        DecryptionMaterials same = keyring.onDecrypt(DecryptionMaterials.initial(0x0114, 16, CONTEXT), m.encryptedDataKeys());
        assertArrayEquals(m.dataKey().bytes(), same.dataKey().bytes());
    }

    @Test
    void severalKeysGiveOneEdkEachAndEachKeyAloneDecrypts() throws Exception {
        String a = kms.createSymmetricKey();
        String b = kms.createSymmetricKey();
        String c = kms.createSymmetricKey();
        byte[] plaintext = Messages.randomBytes(100);
        Messages.Encrypted message = Messages.encrypt(new KmsKeyring(kms, a, List.of(b, c)), SUITE, CONTEXT, plaintext);

        List<String> infos = message.header().encryptedDataKeys().stream().map(EncryptedDataKey::providerInfoText).toList();
        assertEquals(List.of(a, b, c), infos);
        assertEquals(1, kms.generateDataKeyCalls.get());
        assertEquals(2, kms.encryptCalls.get());
        for (String key : List.of(a, b, c)) {
            int before = kms.decryptCalls.get();
            assertArrayEquals(plaintext, Messages.decrypt(new KmsKeyring(kms, key), message.bytes(), CONTEXT));
            assertEquals(before + 1, kms.decryptCalls.get(), "strict mode calls KMS only for its own key's EDK");
            assertEquals(key, kms.decryptKeyIds.get(kms.decryptKeyIds.size() - 1));
        }
    }

    @Test
    void strictModeNeverCallsKmsForOtherKeysEdks() throws Exception {
        String a = kms.createSymmetricKey();
        String b = kms.createSymmetricKey();
        byte[] message = Messages.encryptBytes(new KmsKeyring(kms, a), SUITE, CONTEXT, Messages.randomBytes(10));
        DataKeyException e = assertThrows(DataKeyException.class,
                () -> Messages.decrypt(new KmsKeyring(kms, b), message, CONTEXT));
        assertEquals(0, kms.decryptCalls.get());
        assertTrue(e.keysTried().contains(b));
    }

    @Test
    void aKmsErrorOnOneEdkMovesOnToTheNext() throws Exception {
        String a = kms.createSymmetricKey();
        String b = kms.createSymmetricKey();
        byte[] plaintext = Messages.randomBytes(10);
        byte[] message = Messages.encryptBytes(new KmsKeyring(kms, a, List.of(b)), SUITE, CONTEXT, plaintext);
        kms.denyAccess(a);
        assertArrayEquals(plaintext, Messages.decrypt(new KmsKeyring(kms, a, List.of(b)), message, CONTEXT));
        assertEquals(List.of(a, b), kms.decryptKeyIds);
    }

    @Test
    void decryptErrorsCarryEveryKmsCodeAndKeyArn() throws Exception {
        String a = kms.createSymmetricKey();
        String b = kms.createSymmetricKey();
        byte[] message = Messages.encryptBytes(new KmsKeyring(kms, a, List.of(b)), SUITE, CONTEXT, Messages.randomBytes(10));
        kms.disable(a);
        kms.denyAccess(b);
        DataKeyException e = assertThrows(DataKeyException.class,
                () -> Messages.decrypt(new KmsKeyring(kms, a, List.of(b)), message, CONTEXT));
        KmsKeyringException k = assertInstanceOf(KmsKeyringException.class, e.getCause());
        assertEquals(List.of(KmsErrorCode.DISABLED, KmsErrorCode.ACCESS_DENIED),
                k.kmsErrors().stream().map(KmsException::code).toList());
        KmsException first = assertInstanceOf(KmsException.class, k.getCause());
        assertEquals(KmsErrorCode.DISABLED, first.code());
        assertEquals(a, first.keyArn());
        assertTrue(k.getMessage().contains("DisabledException") && k.getMessage().contains("AccessDeniedException"));
        assertTrue(k.getMessage().contains(a) && k.getMessage().contains(b));
    }

    @Test
    void encryptErrorsCarryTheKmsCode() throws Exception {
        String a = kms.createSymmetricKey();
        kms.denyAccess(a);
        DataKeyException e = assertThrows(DataKeyException.class,
                () -> Messages.encrypt(new KmsKeyring(kms, a), SUITE, CONTEXT, new byte[1]));
        KmsException cause = assertInstanceOf(KmsException.class, e.getCause().getCause());
        assertEquals(KmsErrorCode.ACCESS_DENIED, cause.code());
        assertEquals(a, cause.keyArn());

        String missing = "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000";
        KmsKeyringException k = assertThrows(KmsKeyringException.class,
                () -> new KmsKeyring(kms, missing).onEncrypt(EncryptionMaterials.initial(0x0478, 32, CONTEXT)));
        assertEquals(KmsErrorCode.NOT_FOUND, k.kmsErrors().get(0).code());
    }

    @Test
    void aFailingFurtherKeyZeroesTheGeneratedDataKey() throws Exception {
        String a = kms.createSymmetricKey();
        String b = kms.createSymmetricKey();
        kms.denyAccess(b);
        KmsKeyring keyring = new KmsKeyring(kms, a, List.of(b));
        assertThrows(KmsKeyringException.class, () -> keyring.onEncrypt(EncryptionMaterials.initial(0x0478, 32, CONTEXT)));
        byte[] generated = kms.lastGeneratedPlaintext;
        assertNotNull(generated);
        assertArrayEquals(new byte[32], generated, "nobody else could zero the data key the keyring generated");
    }

    @Test
    void aDataKeyFromAnotherGeneratorIsLeftToItsOwner() throws Exception {
        String b = kms.createSymmetricKey();
        kms.denyAccess(b);
        CapturingKeyring capture = new CapturingKeyring();
        MultiKeyring multi = new MultiKeyring(capture, List.of(new KmsKeyring(kms, b)));
        assertThrows(KmsKeyringException.class, () -> multi.onEncrypt(EncryptionMaterials.initial(0x0478, 32, CONTEXT)));
        assertNotNull(capture.seen);
        assertTrue(!capture.seen.isDestroyed());
    }

    @Test
    void aKeyringAfterAGeneratorUsesKmsEncrypt() throws Exception {
        String a = kms.createSymmetricKey();
        RawAesKeyring raw = new RawAesKeyring(new SecretKeySpec(new byte[32], "AES"), "ns", "name", new SecureRandom());
        MultiKeyring multi = new MultiKeyring(raw, List.of(new KmsKeyring(kms, a)));
        byte[] plaintext = Messages.randomBytes(10);
        byte[] message = Messages.encryptBytes(multi, SUITE, CONTEXT, plaintext);
        assertEquals(0, kms.generateDataKeyCalls.get());
        assertEquals(1, kms.encryptCalls.get());
        assertArrayEquals(plaintext, Messages.decrypt(new KmsKeyring(kms, a), message, CONTEXT));
    }

    @Test
    void anAnswerFromAnotherKeyIsRefused() throws Exception {
        String a = kms.createSymmetricKey();
        String other = kms.createSymmetricKey();
        KmsKeyring keyring = new KmsKeyring(kms, a);
        EncryptionMaterials m = keyring.onEncrypt(EncryptionMaterials.initial(0x0478, 32, CONTEXT));

        kms.answerWithKeyArn(other);
        KmsKeyringException e = assertThrows(KmsKeyringException.class,
                () -> keyring.onDecrypt(DecryptionMaterials.initial(0x0478, 32, CONTEXT), m.encryptedDataKeys()));
        assertTrue(e.getMessage().contains("another key"));
        assertThrows(KeyringException.class, () -> keyring.onEncrypt(EncryptionMaterials.initial(0x0478, 32, CONTEXT)));
        assertThrows(KeyringException.class, () -> keyring.onEncrypt(m.withEncryptedDataKey(m.encryptedDataKeys().get(0))));

        kms.answerWithKeyArn("not-an-arn");
        assertThrows(KeyringException.class, () -> keyring.onEncrypt(EncryptionMaterials.initial(0x0478, 32, CONTEXT)));
        kms.answerWithKeyArn(null);
        assertNotNull(keyring.onDecrypt(DecryptionMaterials.initial(0x0478, 32, CONTEXT), m.encryptedDataKeys()).dataKey());
    }

    @Test
    void aliasesEncryptAndTheEdkNamesTheTargetKey() throws Exception {
        String a = kms.createSymmetricKey();
        kms.createAlias("alias/orders", a);
        byte[] plaintext = Messages.randomBytes(10);
        Messages.Encrypted message = Messages.encrypt(new KmsKeyring(kms, "alias/orders"), SUITE, CONTEXT, plaintext);
        assertEquals(a, message.header().encryptedDataKeys().get(0).providerInfoText());
        assertArrayEquals(plaintext, Messages.decrypt(new KmsKeyring(kms, a), message.bytes(), CONTEXT));
    }

    @Test
    void anAwsKmsEdkWithoutAKeyArnFailsDecryption() {
        KmsKeyring keyring = new KmsKeyring(kms, kms.createSymmetricKey());
        EncryptedDataKey bad = new EncryptedDataKey("aws-kms", "alias/x".getBytes(StandardCharsets.UTF_8), new byte[40]);
        assertThrows(KeyringException.class,
                () -> keyring.onDecrypt(DecryptionMaterials.initial(0x0478, 32, CONTEXT), List.of(bad)));
        KmsDiscoveryKeyring discovery = new KmsDiscoveryKeyring(kms, null, null);
        assertThrows(KeyringException.class,
                () -> discovery.onDecrypt(DecryptionMaterials.initial(0x0478, 32, CONTEXT), List.of(bad)));
        assertEquals(0, kms.decryptCalls.get());
    }

    @Test
    void otherProvidersEdksAreLeftAlone() throws Exception {
        KmsKeyring keyring = new KmsKeyring(kms, kms.createSymmetricKey());
        EncryptedDataKey raw = new EncryptedDataKey("aws-kms-rsa", "x".getBytes(StandardCharsets.UTF_8), new byte[40]);
        DecryptionMaterials in = DecryptionMaterials.initial(0x0478, 32, CONTEXT);
        assertSame(in, keyring.onDecrypt(in, List.of(raw)));
        assertEquals(0, kms.decryptCalls.get());
    }

    @Test
    void decryptCallsAreBoundedByTheEdkCount() throws Exception {
        // Three configured replicas of one multi-Region key all match each EDK: still one call per EDK.
        String mrk = kms.createMultiRegionKey();
        String west = kms.replicate(mrk, "us-west-2");
        String eu = kms.replicate(mrk, "eu-west-1");
        KmsKeyring keyring = new KmsKeyring(kms, mrk, List.of(west, eu));
        EncryptionMaterials m = keyring.onEncrypt(EncryptionMaterials.initial(0x0478, 32, CONTEXT));
        assertEquals(3, m.encryptedDataKeys().size());
        kms.denyAccess(mrk);
        kms.denyAccess(west);
        kms.denyAccess(eu);
        KmsKeyringException e = assertThrows(KmsKeyringException.class,
                () -> keyring.onDecrypt(DecryptionMaterials.initial(0x0478, 32, CONTEXT), m.encryptedDataKeys()));
        assertEquals(3, kms.decryptCalls.get());
        assertEquals(3, e.kmsErrors().size());
    }

    @Test
    void multiRegionReplicasMatchAcrossRegions() throws Exception {
        String mrk = kms.createMultiRegionKey();
        String west = kms.replicate(mrk, "us-west-2");
        byte[] plaintext = Messages.randomBytes(10);
        byte[] message = Messages.encryptBytes(new KmsKeyring(kms, mrk), SUITE, CONTEXT, plaintext);
        assertArrayEquals(plaintext, Messages.decrypt(new KmsKeyring(kms, west), message, CONTEXT));
        assertEquals(List.of(west), kms.decryptKeyIds, "Decrypt is called with the configured replica");
    }

    @Test
    void singleRegionKeysDoNotMatchAcrossRegions() throws Exception {
        String east = kms.createSymmetricKey();
        String westTwin = east.replace("us-east-1", "us-west-2");
        byte[] message = Messages.encryptBytes(new KmsKeyring(kms, east), SUITE, CONTEXT, Messages.randomBytes(10));
        assertThrows(DataKeyException.class, () -> Messages.decrypt(new KmsKeyring(kms, westTwin), message, CONTEXT));
        assertEquals(0, kms.decryptCalls.get());
    }

    @Test
    void discoveryDecryptsAnyKeyWithoutFilter() throws Exception {
        String a = kms.createSymmetricKey();
        byte[] plaintext = Messages.randomBytes(10);
        byte[] message = Messages.encryptBytes(new KmsKeyring(kms, a), SUITE, CONTEXT, plaintext);
        assertArrayEquals(plaintext, Messages.decrypt(new KmsDiscoveryKeyring(kms, null, null), message, CONTEXT));
        assertEquals(List.of(a), kms.decryptKeyIds);
        assertThrows(KeyringException.class,
                () -> new KmsDiscoveryKeyring(kms, null, null).onEncrypt(EncryptionMaterials.initial(0x0478, 32, CONTEXT)));
    }

    @Test
    void discoveryFilterSelectsPartitionAndAccounts() throws Exception {
        String foreign = kms.createSymmetricKeyInAccount("444455556666");
        String own = kms.createSymmetricKey();
        byte[] plaintext = Messages.randomBytes(10);
        byte[] message = Messages.encryptBytes(new KmsKeyring(kms, foreign, List.of(own)), SUITE, CONTEXT, plaintext);

        KmsDiscoveryKeyring ours = new KmsDiscoveryKeyring(kms, new DiscoveryFilter("aws", Set.of(InMemoryKms.ACCOUNT)), null);
        assertArrayEquals(plaintext, Messages.decrypt(ours, message, CONTEXT));
        assertEquals(List.of(own), kms.decryptKeyIds, "the foreign account's EDK comes first but is filtered out");

        KmsDiscoveryKeyring otherPartition = new KmsDiscoveryKeyring(kms,
                new DiscoveryFilter("aws-cn", Set.of(InMemoryKms.ACCOUNT, "444455556666")), null);
        assertThrows(DataKeyException.class, () -> Messages.decrypt(otherPartition, message, CONTEXT));
        KmsDiscoveryKeyring nobody = new KmsDiscoveryKeyring(kms, new DiscoveryFilter("aws", Set.of("999999999999")), null);
        assertThrows(DataKeyException.class, () -> Messages.decrypt(nobody, message, CONTEXT));
        assertEquals(1, kms.decryptCalls.get());
    }

    @Test
    void discoveryWithARegionSkipsOtherRegionsAndUsesLocalReplicas() throws Exception {
        String elsewhere = kms.createSymmetricKeyInRegion("eu-west-1");
        String mrk = kms.createMultiRegionKey();
        String west = kms.replicate(mrk, "us-west-2");
        byte[] plaintext = Messages.randomBytes(10);
        byte[] message = Messages.encryptBytes(new KmsKeyring(kms, elsewhere, List.of(mrk)), SUITE, CONTEXT, plaintext);

        assertArrayEquals(plaintext, Messages.decrypt(new KmsDiscoveryKeyring(kms, null, "us-west-2"), message, CONTEXT));
        assertEquals(List.of(west), kms.decryptKeyIds, "the eu-west-1 key is skipped; the MRK goes to its us-west-2 replica");

        String single = kms.createSymmetricKey();
        byte[] east = Messages.encryptBytes(new KmsKeyring(kms, single), SUITE, CONTEXT, plaintext);
        assertThrows(DataKeyException.class, () -> Messages.decrypt(new KmsDiscoveryKeyring(kms, null, "us-west-2"), east, CONTEXT));
        assertArrayEquals(plaintext, Messages.decrypt(new KmsDiscoveryKeyring(kms, null, "us-east-1"), east, CONTEXT));
    }

    @Test
    void discoveryRefusesAnAnswerFromAnotherKey() throws Exception {
        String a = kms.createSymmetricKey();
        byte[] message = Messages.encryptBytes(new KmsKeyring(kms, a), SUITE, CONTEXT, Messages.randomBytes(10));
        kms.answerWithKeyArn(kms.createSymmetricKey());
        DataKeyException e = assertThrows(DataKeyException.class,
                () -> Messages.decrypt(new KmsDiscoveryKeyring(kms, null, null), message, CONTEXT));
        assertInstanceOf(KmsKeyringException.class, e.getCause());
    }

    @Test
    void invalidIdentifiersAreRefusedAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new KmsKeyring(kms, ""));
        assertThrows(IllegalArgumentException.class, () -> new KmsKeyring(kms, "arn:aws:s3:::bucket/x"));
        assertThrows(IllegalArgumentException.class, () -> new KmsKeyring(kms, "arn:aws:kms:us-east-1:1:key/"));
    }

    @Test
    void materialsWithADataKeyAreReturnedAsTheyAre() throws Exception {
        KmsKeyring keyring = new KmsKeyring(kms, kms.createSymmetricKey());
        EncryptionMaterials m = keyring.onEncrypt(EncryptionMaterials.initial(0x0478, 32, CONTEXT));
        DecryptionMaterials done = DecryptionMaterials.initial(0x0478, 32, CONTEXT).withDataKey(m.dataKey().copy());
        assertSame(done, keyring.onDecrypt(done, m.encryptedDataKeys()));
        assertEquals(0, kms.decryptCalls.get());
    }

    /** A generator that records the data key it made. */
    private static final class CapturingKeyring implements org.envelopejca.keyring.Keyring {
        org.envelopejca.keyring.DataKey seen;

        @Override
        public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
            byte[] key = new byte[materials.dataKeyLength()];
            new SecureRandom().nextBytes(key);
            seen = new org.envelopejca.keyring.DataKey(key);
            return materials.withDataKey(seen, new EncryptedDataKey("capture", new byte[1], new byte[1]));
        }

        @Override
        public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) {
            return materials;
        }

        @Override
        public List<String> keyDescriptions() {
            return List.of("capture");
        }
    }
}
