package org.envelopejca.kms.local;

import org.envelopejca.kms.AliasEntry;
import org.envelopejca.kms.CiphertextResult;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.DataKeyResult;
import org.envelopejca.kms.DecryptResult;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.KeyState;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.envelopejca.kms.local.Stores.assertKmsError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalKmsOperationsTest {
    private static final Map<String, String> CONTEXT = Map.of("purpose", "test", "tenant", "a");
    private static final byte[] SECRET = "attack at dawn".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    LocalKms kms;

    @BeforeEach
    void open() throws Exception {
        kms = Stores.open(dir);
    }

    @AfterEach
    void close() throws Exception {
        kms.close();
    }

    private KeyMetadata symmetricKey() throws Exception {
        return kms.createKey(CreateKeyRequest.symmetric("test key"));
    }

    @Test
    void createKeyGivesUuidIdArnAndEnabledState() throws Exception {
        KeyMetadata key = symmetricKey();
        assertTrue(key.keyId().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), key.keyId());
        assertEquals("arn:aws:kms:us-east-1:111122223333:key/" + key.keyId(), key.arn());
        assertEquals(KeyState.ENABLED, key.keyState());
        assertEquals(List.of(EncryptionAlgorithm.SYMMETRIC_DEFAULT), key.encryptionAlgorithms());
        assertEquals("test key", key.description());
        assertFalse(key.multiRegion());
        assertEquals(key, kms.describeKey(key.keyId()));
    }

    @Test
    void multiRegionKeyIdIsMrkAnd32Hex() throws Exception {
        KeyMetadata key = kms.createKey(new CreateKeyRequest(KeySpec.SYMMETRIC_DEFAULT, "", true));
        assertTrue(key.keyId().matches("mrk-[0-9a-f]{32}"), key.keyId());
        assertTrue(key.multiRegion());
        CiphertextResult c = kms.encrypt(key.keyId(), SECRET, CONTEXT, null);
        assertArrayEquals(SECRET, kms.decrypt(c.ciphertextBlob(), null, CONTEXT, null).plaintext());
    }

    @Test
    void encryptDecryptRoundTripWithAndWithoutKeyId() throws Exception {
        KeyMetadata key = symmetricKey();
        CiphertextResult c = kms.encrypt(key.keyId(), SECRET, CONTEXT, EncryptionAlgorithm.SYMMETRIC_DEFAULT);
        assertEquals(key.arn(), c.keyArn());
        DecryptResult d = kms.decrypt(c.ciphertextBlob(), null, CONTEXT, null);
        assertArrayEquals(SECRET, d.plaintext());
        assertEquals(key.arn(), d.keyArn());
        assertEquals(EncryptionAlgorithm.SYMMETRIC_DEFAULT, d.algorithm());
        assertArrayEquals(SECRET, kms.decrypt(c.ciphertextBlob(), key.arn(), CONTEXT, null).plaintext());
        assertFalse(d.toString().contains("attack"));
    }

    @Test
    void generateDataKeySizesAndDecrypt() throws Exception {
        KeyMetadata key = symmetricKey();
        for (int n : new int[]{1, 16, 32, 1024}) {
            DataKeyResult dk = kms.generateDataKey(key.keyId(), n, CONTEXT);
            assertEquals(n, dk.plaintext().length);
            assertArrayEquals(dk.plaintext(), kms.decrypt(dk.ciphertextBlob(), key.keyId(), CONTEXT, null).plaintext());
        }
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.generateDataKey(key.keyId(), 0, CONTEXT));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.generateDataKey(key.keyId(), 1025, CONTEXT));
    }

    @Test
    void plaintextLimitIs4096() throws Exception {
        KeyMetadata key = symmetricKey();
        byte[] max = new byte[4096];
        kms.encrypt(key.keyId(), max, null, null);
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.encrypt(key.keyId(), new byte[4097], null, null));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.encrypt(key.keyId(), new byte[0], null, null));
    }

    @Test
    void wrongOrMissingContextIsInvalidCiphertext() throws Exception {
        KeyMetadata key = symmetricKey();
        byte[] blob = kms.encrypt(key.keyId(), SECRET, CONTEXT, null).ciphertextBlob();
        assertKmsError(KmsErrorCode.INVALID_CIPHERTEXT, () -> kms.decrypt(blob, null, Map.of(), null));
        assertKmsError(KmsErrorCode.INVALID_CIPHERTEXT,
                () -> kms.decrypt(blob, null, Map.of("purpose", "test", "tenant", "b"), null));
        assertKmsError(KmsErrorCode.INVALID_CIPHERTEXT,
                () -> kms.decrypt(blob, null, Map.of("purpose", "test", "tenant", "a", "x", ""), null));
    }

    @Test
    void contextEncodingIsUnambiguous() throws Exception {
        // Naive concatenation would make these two contexts the same bytes.
        KeyMetadata key = symmetricKey();
        byte[] blob = kms.encrypt(key.keyId(), SECRET, Map.of("ab", "c"), null).ciphertextBlob();
        assertKmsError(KmsErrorCode.INVALID_CIPHERTEXT, () -> kms.decrypt(blob, null, Map.of("a", "bc"), null));
    }

    @Test
    void nullContextEntriesAreRefused() throws Exception {
        KeyMetadata key = symmetricKey();
        Map<String, String> withNull = new java.util.HashMap<>();
        withNull.put("a", null);
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.encrypt(key.keyId(), SECRET, withNull, null));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.generateDataKey(key.keyId(), 16, withNull));
    }

    @Test
    void blobOfAnotherKeyWithKeyIdIsIncorrectKey() throws Exception {
        KeyMetadata a = symmetricKey();
        KeyMetadata b = symmetricKey();
        byte[] blob = kms.encrypt(a.keyId(), SECRET, CONTEXT, null).ciphertextBlob();
        assertKmsError(KmsErrorCode.INCORRECT_KEY, () -> kms.decrypt(blob, b.keyId(), CONTEXT, null));
    }

    @Test
    void garbageAndTamperedBlobsAreInvalidCiphertext() throws Exception {
        KeyMetadata key = symmetricKey();
        byte[] blob = kms.encrypt(key.keyId(), SECRET, CONTEXT, null).ciphertextBlob();
        assertKmsError(KmsErrorCode.INVALID_CIPHERTEXT, () -> kms.decrypt(new byte[]{1, 2, 3}, null, CONTEXT, null));
        assertKmsError(KmsErrorCode.INVALID_CIPHERTEXT, () -> kms.decrypt(new byte[100], null, CONTEXT, null));
        // Magic, format, key ID length, version, IV, ciphertext, tag. (A changed key ID names another key, which
        // does not exist: NotFoundException, checked elsewhere.)
        for (int i : new int[]{0, 1, 2, 39, 42, 45, 60, blob.length - 1}) {
            byte[] bad = blob.clone();
            bad[i] ^= 1;
            assertKmsError(KmsErrorCode.INVALID_CIPHERTEXT, () -> kms.decrypt(bad, null, CONTEXT, null));
        }
        byte[] truncated = java.util.Arrays.copyOf(blob, blob.length - 1);
        assertKmsError(KmsErrorCode.INVALID_CIPHERTEXT, () -> kms.decrypt(truncated, null, CONTEXT, null));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.decrypt(new byte[0], null, CONTEXT, null));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.decrypt(new byte[6145], null, CONTEXT, null));
    }

    @Test
    void blobNamesKeyAndVersion() throws Exception {
        KeyMetadata key = symmetricKey();
        byte[] blob = kms.encrypt(key.keyId(), SECRET, CONTEXT, null).ciphertextBlob();
        SymmetricCiphertext parsed = SymmetricCiphertext.parse(blob).orElseThrow();
        assertEquals(key.keyId(), parsed.keyId());
        assertEquals(1, parsed.version());
        assertEquals(2 + 1 + 36 + 4 + 12 + SECRET.length + 16, blob.length);
    }

    @Test
    void reEncryptMovesCiphertextToAnotherKey() throws Exception {
        KeyMetadata a = symmetricKey();
        KeyMetadata b = symmetricKey();
        byte[] blob = kms.encrypt(a.keyId(), SECRET, CONTEXT, null).ciphertextBlob();
        CiphertextResult r = kms.reEncrypt(blob, null, CONTEXT, b.keyId(), Map.of("new", "ctx"));
        assertEquals(b.arn(), r.keyArn());
        assertEquals(a.arn(), r.sourceKeyArn());
        assertArrayEquals(SECRET, kms.decrypt(r.ciphertextBlob(), null, Map.of("new", "ctx"), null).plaintext());
        assertKmsError(KmsErrorCode.INVALID_CIPHERTEXT, () -> kms.reEncrypt(blob, null, Map.of(), b.keyId(), CONTEXT));
        assertKmsError(KmsErrorCode.INCORRECT_KEY, () -> kms.reEncrypt(blob, b.keyId(), CONTEXT, b.keyId(), CONTEXT));
    }

    @Test
    void keyIdResolutionAcceptsIdArnAliasAndAliasArn() throws Exception {
        KeyMetadata key = symmetricKey();
        kms.createAlias("alias/app/main", key.keyId());
        for (String ref : List.of(key.keyId(), key.arn(), "alias/app/main",
                "arn:aws:kms:us-east-1:111122223333:alias/app/main")) {
            assertEquals(key.keyId(), kms.describeKey(ref).keyId(), ref);
            byte[] blob = kms.encrypt(ref, SECRET, CONTEXT, null).ciphertextBlob();
            assertArrayEquals(SECRET, kms.decrypt(blob, ref, CONTEXT, null).plaintext());
        }
    }

    @Test
    void unknownOrForeignIdentifiersAreNotFound() throws Exception {
        KeyMetadata key = symmetricKey();
        kms.createAlias("alias/x", key.keyId());
        for (String ref : List.of("00000000-0000-0000-0000-000000000000", "alias/nope",
                "arn:aws:kms:eu-west-1:111122223333:key/" + key.keyId(),
                "arn:aws:kms:us-east-1:999999999999:key/" + key.keyId(),
                "arn:aws:kms:eu-west-1:111122223333:alias/x",
                "arn:aws:kms:us-east-1:111122223333:alias/nope", "arn:nonsense")) {
            assertKmsError(KmsErrorCode.NOT_FOUND, () -> kms.describeKey(ref));
            assertKmsError(KmsErrorCode.NOT_FOUND, () -> kms.encrypt(ref, SECRET, null, null));
        }
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.describeKey(null));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.describeKey(""));
    }

    @Test
    void disabledKeyIsDisabledExceptionAndEnablesAgain() throws Exception {
        KeyMetadata key = symmetricKey();
        byte[] blob = kms.encrypt(key.keyId(), SECRET, CONTEXT, null).ciphertextBlob();
        kms.disableKey(key.keyId());
        assertEquals(KeyState.DISABLED, kms.describeKey(key.keyId()).keyState());
        assertKmsError(KmsErrorCode.DISABLED, () -> kms.encrypt(key.keyId(), SECRET, CONTEXT, null));
        assertKmsError(KmsErrorCode.DISABLED, () -> kms.decrypt(blob, null, CONTEXT, null));
        assertKmsError(KmsErrorCode.DISABLED, () -> kms.generateDataKey(key.keyId(), 32, CONTEXT));
        assertKmsError(KmsErrorCode.DISABLED, () -> kms.rotateKeyOnDemand(key.keyId()));
        kms.enableKey(key.keyId());
        assertArrayEquals(SECRET, kms.decrypt(blob, null, CONTEXT, null).plaintext());
    }

    @Test
    void pendingDeletionIsInvalidStateAndCancelLeavesItDisabled() throws Exception {
        KeyMetadata key = symmetricKey();
        byte[] blob = kms.encrypt(key.keyId(), SECRET, CONTEXT, null).ciphertextBlob();
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.scheduleKeyDeletion(key.keyId(), 6));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.scheduleKeyDeletion(key.keyId(), 31));
        var deletion = kms.scheduleKeyDeletion(key.keyId(), 7);
        KeyMetadata pending = kms.describeKey(key.keyId());
        assertEquals(KeyState.PENDING_DELETION, pending.keyState());
        assertEquals(deletion, pending.deletionDate());
        assertKmsError(KmsErrorCode.INVALID_STATE, () -> kms.decrypt(blob, null, CONTEXT, null));
        assertKmsError(KmsErrorCode.INVALID_STATE, () -> kms.encrypt(key.keyId(), SECRET, CONTEXT, null));
        assertKmsError(KmsErrorCode.INVALID_STATE, () -> kms.enableKey(key.keyId()));
        assertKmsError(KmsErrorCode.INVALID_STATE, () -> kms.scheduleKeyDeletion(key.keyId(), 10));
        assertKmsError(KmsErrorCode.INVALID_STATE, () -> kms.createAlias("alias/late", key.keyId()));
        kms.cancelKeyDeletion(key.keyId());
        KeyMetadata cancelled = kms.describeKey(key.keyId());
        assertEquals(KeyState.DISABLED, cancelled.keyState());
        assertNull(cancelled.deletionDate());
        assertKmsError(KmsErrorCode.INVALID_STATE, () -> kms.cancelKeyDeletion(key.keyId()));
        kms.enableKey(key.keyId());
        assertArrayEquals(SECRET, kms.decrypt(blob, null, CONTEXT, null).plaintext());
    }

    @Test
    void aliasRules() throws Exception {
        KeyMetadata a = symmetricKey();
        KeyMetadata b = symmetricKey();
        kms.createAlias("alias/ok:name/with_-chars", a.keyId());
        kms.createAlias("alias/" + "x".repeat(250), a.arn());
        assertKmsError(KmsErrorCode.INVALID_ALIAS_NAME, () -> kms.createAlias("alias/" + "x".repeat(251), a.keyId()));
        assertKmsError(KmsErrorCode.INVALID_ALIAS_NAME, () -> kms.createAlias("alias/", a.keyId()));
        assertKmsError(KmsErrorCode.INVALID_ALIAS_NAME, () -> kms.createAlias("noprefix", a.keyId()));
        assertKmsError(KmsErrorCode.INVALID_ALIAS_NAME, () -> kms.createAlias("alias/bad name", a.keyId()));
        assertKmsError(KmsErrorCode.INVALID_ALIAS_NAME, () -> kms.createAlias("alias/é", a.keyId()));
        assertKmsError(KmsErrorCode.INVALID_ALIAS_NAME, () -> kms.createAlias("alias/aws/s3", a.keyId()));
        assertKmsError(KmsErrorCode.ALREADY_EXISTS, () -> kms.createAlias("alias/ok:name/with_-chars", b.keyId()));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> kms.createAlias("alias/new", "00000000-0000-0000-0000-000000000000"));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.createAlias("alias/new", "alias/ok:name/with_-chars"));

        kms.updateAlias("alias/ok:name/with_-chars", b.keyId());
        assertEquals(b.keyId(), kms.describeKey("alias/ok:name/with_-chars").keyId());
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> kms.updateAlias("alias/missing", b.keyId()));

        kms.deleteAlias("alias/ok:name/with_-chars");
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> kms.describeKey("alias/ok:name/with_-chars"));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> kms.deleteAlias("alias/ok:name/with_-chars"));
        assertEquals(KeyState.ENABLED, kms.describeKey(b.keyId()).keyState());
    }

    @Test
    void updateAliasKeepsKeyType() throws Exception {
        KeyMetadata sym = symmetricKey();
        KeyMetadata rsa = kms.createKey(new CreateKeyRequest(KeySpec.RSA_2048, "", false));
        kms.createAlias("alias/sym", sym.keyId());
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.updateAlias("alias/sym", rsa.keyId()));
    }

    @Test
    void listKeysPaginates() throws Exception {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(symmetricKey().keyId());
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            Page<KeyMetadata> page = kms.listKeys(3, marker);
            assertTrue(page.items().size() <= 3);
            page.items().forEach(k -> seen.add(k.keyId()));
            marker = page.nextMarker();
            assertEquals(marker != null, page.truncated());
            pages++;
        } while (marker != null);
        assertEquals(3, pages);
        assertEquals(created, new HashSet<>(seen));
        assertEquals(7, seen.size());
        Page<KeyMetadata> all = kms.listKeys(1000, null);
        assertEquals(7, all.items().size());
        assertFalse(all.truncated());
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.listKeys(0, null));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.listKeys(1001, null));
        assertKmsError(KmsErrorCode.INVALID_MARKER, () -> kms.listKeys(3, "garbage"));
    }

    @Test
    void listAliasesPaginatesAndFiltersByKey() throws Exception {
        KeyMetadata a = symmetricKey();
        KeyMetadata b = symmetricKey();
        for (int i = 0; i < 5; i++) {
            kms.createAlias("alias/a" + i, a.keyId());
        }
        kms.createAlias("alias/b0", b.keyId());
        List<String> names = new ArrayList<>();
        String marker = null;
        do {
            Page<AliasEntry> page = kms.listAliases(null, 2, marker);
            page.items().forEach(e -> names.add(e.aliasName()));
            marker = page.nextMarker();
        } while (marker != null);
        assertEquals(List.of("alias/a0", "alias/a1", "alias/a2", "alias/a3", "alias/a4", "alias/b0"), names);
        Page<AliasEntry> ofB = kms.listAliases(b.arn(), 10, null);
        assertEquals(1, ofB.items().size());
        AliasEntry entry = ofB.items().get(0);
        assertEquals("arn:aws:kms:us-east-1:111122223333:alias/b0", entry.aliasArn());
        assertEquals(b.keyId(), entry.targetKeyId());
        assertNotNull(entry.creationDate());
        Page<AliasEntry> firstOfA = kms.listAliases(a.keyId(), 4, null);
        assertEquals(4, firstOfA.items().size());
        assertTrue(firstOfA.truncated());
        assertEquals(1, kms.listAliases(a.keyId(), 4, firstOfA.nextMarker()).items().size());
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> kms.listAliases("alias/none", 10, null));
    }

    @Test
    void rsaKeysEncryptWithPublicKeyAndDecryptInEngine() throws Exception {
        KeyMetadata rsa = kms.createKey(new CreateKeyRequest(KeySpec.RSA_2048, "rsa", false));
        assertEquals(List.of(EncryptionAlgorithm.RSAES_OAEP_SHA_1, EncryptionAlgorithm.RSAES_OAEP_SHA_256),
                rsa.encryptionAlgorithms());
        var pub = kms.getPublicKey(rsa.keyId());
        assertEquals(KeySpec.RSA_2048, pub.keySpec());
        java.security.PublicKey publicKey = java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(pub.publicKey()));
        javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("RSA/ECB/OAEPPadding");
        jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, publicKey, new javax.crypto.spec.OAEPParameterSpec("SHA-256", "MGF1",
                java.security.spec.MGF1ParameterSpec.SHA256, javax.crypto.spec.PSource.PSpecified.DEFAULT));
        byte[] ct = jdk.doFinal(SECRET);
        DecryptResult d = kms.decrypt(ct, rsa.keyId(), null, EncryptionAlgorithm.RSAES_OAEP_SHA_256);
        assertArrayEquals(SECRET, d.plaintext());
        assertEquals(EncryptionAlgorithm.RSAES_OAEP_SHA_256, d.algorithm());
        // The same ciphertext under the other OAEP hash does not decrypt.
        assertKmsError(KmsErrorCode.INVALID_CIPHERTEXT,
                () -> kms.decrypt(ct, rsa.keyId(), null, EncryptionAlgorithm.RSAES_OAEP_SHA_1));
        // Engine-side encryption with both algorithms, at the OAEP limits.
        byte[] max256 = new byte[190];
        byte[] max1 = new byte[214];
        assertArrayEquals(max256, kms.decrypt(kms.encrypt(rsa.keyId(), max256, null,
                EncryptionAlgorithm.RSAES_OAEP_SHA_256).ciphertextBlob(), rsa.arn(), null,
                EncryptionAlgorithm.RSAES_OAEP_SHA_256).plaintext());
        assertArrayEquals(max1, kms.decrypt(kms.encrypt(rsa.keyId(), max1, null,
                EncryptionAlgorithm.RSAES_OAEP_SHA_1).ciphertextBlob(), rsa.arn(), null,
                EncryptionAlgorithm.RSAES_OAEP_SHA_1).plaintext());
        assertKmsError(KmsErrorCode.VALIDATION,
                () -> kms.encrypt(rsa.keyId(), new byte[191], null, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
        // RSA rules: KeyId required, algorithms checked, no data keys, no rotation, no context.
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.decrypt(ct, null, null, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
        assertKmsError(KmsErrorCode.INVALID_KEY_USAGE, () -> kms.encrypt(rsa.keyId(), SECRET, null, null));
        assertKmsError(KmsErrorCode.INVALID_KEY_USAGE, () -> kms.decrypt(ct, rsa.keyId(), null, null));
        assertKmsError(KmsErrorCode.INVALID_KEY_USAGE, () -> kms.generateDataKey(rsa.keyId(), 32, null));
        assertKmsError(KmsErrorCode.UNSUPPORTED_OPERATION, () -> kms.rotateKeyOnDemand(rsa.keyId()));
        assertKmsError(KmsErrorCode.UNSUPPORTED_OPERATION, () -> kms.enableKeyRotation(rsa.keyId(), 365));
        assertKmsError(KmsErrorCode.UNSUPPORTED_OPERATION, () -> kms.getKeyRotationStatus(rsa.keyId()));
        assertKmsError(KmsErrorCode.VALIDATION,
                () -> kms.encrypt(rsa.keyId(), SECRET, CONTEXT, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
        KeyMetadata sym = symmetricKey();
        assertKmsError(KmsErrorCode.UNSUPPORTED_OPERATION, () -> kms.getPublicKey(sym.keyId()));
        assertKmsError(KmsErrorCode.INVALID_KEY_USAGE,
                () -> kms.encrypt(sym.keyId(), SECRET, null, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
        kms.disableKey(rsa.keyId());
        assertKmsError(KmsErrorCode.DISABLED, () -> kms.getPublicKey(rsa.keyId()));
        assertKmsError(KmsErrorCode.DISABLED,
                () -> kms.decrypt(ct, rsa.keyId(), null, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
    }

    @Test
    void largerRsaKeysHaveTheirSizes() throws Exception {
        for (KeySpec spec : List.of(KeySpec.RSA_3072, KeySpec.RSA_4096)) {
            KeyMetadata rsa = kms.createKey(new CreateKeyRequest(spec, "", false));
            var pub = (java.security.interfaces.RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(kms.getPublicKey(rsa.keyId()).publicKey()));
            int bytes = spec == KeySpec.RSA_3072 ? 384 : 512;
            assertEquals(bytes * 8, pub.getModulus().bitLength());
            byte[] max = new byte[bytes - 66];
            byte[] ct = kms.encrypt(rsa.keyId(), max, null, EncryptionAlgorithm.RSAES_OAEP_SHA_256).ciphertextBlob();
            assertEquals(bytes, ct.length);
            assertArrayEquals(max, kms.decrypt(ct, rsa.keyId(), null, EncryptionAlgorithm.RSAES_OAEP_SHA_256).plaintext());
        }
    }

    @Test
    void onDemandRotationLimitIs25() throws Exception {
        KeyMetadata key = symmetricKey();
        for (int i = 0; i < 25; i++) {
            kms.rotateKeyOnDemand(key.keyId());
        }
        assertEquals(26, kms.keyVersionCount(key.keyId()));
        assertEquals(25, kms.getKeyRotationStatus(key.keyId()).onDemandRotations());
        assertKmsError(KmsErrorCode.LIMIT_EXCEEDED, () -> kms.rotateKeyOnDemand(key.keyId()));
    }

    @Test
    void rotationPeriodBounds() throws Exception {
        KeyMetadata key = symmetricKey();
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.enableKeyRotation(key.keyId(), 89));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.enableKeyRotation(key.keyId(), 2561));
        kms.enableKeyRotation(key.keyId(), 90);
        assertEquals(90, kms.getKeyRotationStatus(key.keyId()).periodDays());
        kms.enableKeyRotation(key.keyId(), 2560);
        assertTrue(kms.getKeyRotationStatus(key.keyId()).enabled());
        kms.disableKeyRotation(key.keyId());
        assertFalse(kms.getKeyRotationStatus(key.keyId()).enabled());
        assertNull(kms.getKeyRotationStatus(key.keyId()).nextRotationDate());
    }

    @Test
    void descriptionLimit() throws Exception {
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.createKey(CreateKeyRequest.symmetric("d".repeat(8193))));
        kms.createKey(CreateKeyRequest.symmetric("d".repeat(8192)));
    }

    @Test
    void closedEngineRefusesCalls() throws Exception {
        KeyMetadata key = symmetricKey();
        kms.close();
        assertKmsError(KmsErrorCode.UNAVAILABLE, () -> kms.describeKey(key.keyId()));
        kms = Stores.open(dir);
        assertEquals(key.keyId(), kms.describeKey(key.keyId()).keyId());
    }
}
