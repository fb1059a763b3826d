package org.envelopejca.kms.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.Page;
import org.envelopejca.kms.PublicKeyResult;
import org.envelopejca.kms.RotationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every operation of the {@code aws} engine against Moto, and the region each call goes to. */
@ExtendWith(MotoServer.class)
class AwsKmsMotoTest {
    private static final Map<String, String> CONTEXT = Map.of("purpose", "test", "tenant", "42");

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

    private static KeyMetadata symmetricKey() throws KmsException {
        return kms.createKey(CreateKeyRequest.symmetric("engine test"));
    }

    @Test
    void createAndDescribe() throws Exception {
        KeyMetadata created = kms.createKey(new CreateKeyRequest(KeySpec.SYMMETRIC_DEFAULT, "described", false));
        assertTrue(created.arn().startsWith("arn:aws:kms:us-east-1:" + Moto.ACCOUNT + ":key/"), created.arn());
        KeyMetadata described = kms.describeKey(created.arn());
        assertEquals(created.keyId(), described.keyId());
        assertEquals(created.arn(), described.arn());
        assertEquals("described", described.description());
        assertEquals(KeySpec.SYMMETRIC_DEFAULT, described.keySpec());
        assertEquals(KeyState.ENABLED, described.keyState());
        assertEquals(List.of(EncryptionAlgorithm.SYMMETRIC_DEFAULT), described.encryptionAlgorithms());
        assertFalse(described.multiRegion());
        assertNotNull(described.creationDate());
        assertEquals(created.arn(), kms.describeKey(created.keyId()).arn(), "a bare key ID goes to the configured region");
    }

    @Test
    void multiRegionKeyIsCreatedAsSuch() throws Exception {
        KeyMetadata mrk = kms.createKey(new CreateKeyRequest(KeySpec.SYMMETRIC_DEFAULT, "", true));
        assertTrue(mrk.keyId().startsWith("mrk-"), mrk.keyId());
        assertTrue(kms.describeKey(mrk.arn()).multiRegion());
    }

    @Test
    void generateDataKeyEncryptDecryptReEncrypt() throws Exception {
        KeyMetadata a = symmetricKey();
        KeyMetadata b = symmetricKey();
        DataKeyResult dk = kms.generateDataKey(a.arn(), 32, CONTEXT);
        assertEquals(a.arn(), dk.keyArn());
        assertEquals(32, dk.plaintext().length);
        DecryptResult back = kms.decrypt(dk.ciphertextBlob(), a.arn(), CONTEXT, EncryptionAlgorithm.SYMMETRIC_DEFAULT);
        assertEquals(a.arn(), back.keyArn());
        assertArrayEquals(dk.plaintext(), back.plaintext());
        assertArrayEquals(dk.plaintext(), kms.decrypt(dk.ciphertextBlob(), null, CONTEXT, null).plaintext(),
                "a symmetric blob names its key");

        byte[] secret = "sixteen byte key".getBytes(StandardCharsets.UTF_8);
        CiphertextResult enc = kms.encrypt(b.arn(), secret, Map.of(), EncryptionAlgorithm.SYMMETRIC_DEFAULT);
        assertEquals(b.arn(), enc.keyArn());
        assertArrayEquals(secret, kms.decrypt(enc.ciphertextBlob(), b.arn(), Map.of(), null).plaintext());

        CiphertextResult moved = kms.reEncrypt(dk.ciphertextBlob(), a.arn(), CONTEXT, b.arn(), Map.of("moved", "yes"));
        assertEquals(b.arn(), moved.keyArn());
        assertEquals(a.arn(), moved.sourceKeyArn());
        assertArrayEquals(dk.plaintext(), kms.decrypt(moved.ciphertextBlob(), b.arn(), Map.of("moved", "yes"), null).plaintext());

        KmsException wrongContext = assertThrows(KmsException.class,
                () -> kms.decrypt(dk.ciphertextBlob(), a.arn(), Map.of("purpose", "other"), null));
        assertEquals(KmsErrorCode.INVALID_CIPHERTEXT, wrongContext.code());
        assertEquals(a.arn(), wrongContext.keyArn());
    }

    @Test
    void aliasesCreateListUpdateDelete() throws Exception {
        KeyMetadata a = symmetricKey();
        KeyMetadata b = symmetricKey();
        String alias = "alias/" + Moto.unique("engine");
        kms.createAlias(alias, a.arn());
        assertEquals(a.arn(), kms.describeKey(alias).arn());
        List<AliasEntry> ofA = kms.listAliases(a.arn(), 100, null).items();
        assertEquals(List.of(alias), ofA.stream().map(AliasEntry::aliasName).toList());
        assertEquals(a.keyId(), ofA.get(0).targetKeyId());
        assertEquals("arn:aws:kms:us-east-1:" + Moto.ACCOUNT + ":" + alias, ofA.get(0).aliasArn());

        KmsException twice = assertThrows(KmsException.class, () -> kms.createAlias(alias, b.arn()));
        assertEquals(KmsErrorCode.ALREADY_EXISTS, twice.code());
        kms.updateAlias(alias, b.arn());
        assertEquals(b.arn(), kms.describeKey(alias).arn());
        assertTrue(allAliases().contains(alias));

        kms.deleteAlias(alias);
        assertFalse(allAliases().contains(alias));
        KmsException gone = assertThrows(KmsException.class, () -> kms.describeKey(alias));
        assertEquals(KmsErrorCode.NOT_FOUND, gone.code());
        assertEquals(alias, gone.keyArn());
    }

    private static Set<String> allAliases() throws KmsException {
        Set<String> names = new HashSet<>();
        String marker = null;
        do {
            Page<AliasEntry> page = kms.listAliases(null, 10, marker);
            page.items().forEach(e -> names.add(e.aliasName()));
            marker = page.nextMarker();
        } while (marker != null);
        return names;
    }

    @Test
    void listKeysWalksEveryPage() throws Exception {
        KeyMetadata a = symmetricKey();
        List<String> arns = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            Page<KeyMetadata> page = kms.listKeys(2, marker);
            page.items().forEach(m -> arns.add(m.arn()));
            marker = page.nextMarker();
            pages++;
        } while (marker != null && pages < 1000);
        assertNull(marker);
        assertTrue(arns.contains(a.arn()));
        assertEquals(arns.size(), new HashSet<>(arns).size(), "no key listed twice across pages");
    }

    @Test
    void rotation() throws Exception {
        KeyMetadata key = symmetricKey();
        byte[] before = kms.encrypt(key.arn(), new byte[] {1, 2, 3}, CONTEXT, null).ciphertextBlob();
        assertFalse(kms.getKeyRotationStatus(key.arn()).enabled());
        kms.enableKeyRotation(key.arn(), 180);
        assertTrue(kms.getKeyRotationStatus(key.arn()).enabled());
        kms.rotateKeyOnDemand(key.arn());
        kms.rotateKeyOnDemand(key.arn());
        RotationStatus status = kms.getKeyRotationStatus(key.arn());
        assertEquals(2, status.onDemandRotations());
        assertArrayEquals(new byte[] {1, 2, 3}, kms.decrypt(before, key.arn(), CONTEXT, null).plaintext(),
                "older ciphertexts still decrypt");
        kms.disableKeyRotation(key.arn());
        RotationStatus off = kms.getKeyRotationStatus(key.arn());
        assertFalse(off.enabled());
        assertEquals(0, off.periodDays());
    }

    @Test
    void rsaKeyPublicKey() throws Exception {
        KeyMetadata rsa = kms.createKey(new CreateKeyRequest(KeySpec.RSA_2048, "rsa", false));
        assertEquals(KeySpec.RSA_2048, kms.describeKey(rsa.arn()).keySpec());
        PublicKeyResult pub = kms.getPublicKey(rsa.arn());
        assertEquals(KeySpec.RSA_2048, pub.keySpec());
        assertTrue(pub.encryptionAlgorithms().contains(EncryptionAlgorithm.RSAES_OAEP_SHA_256));
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pub.publicKey()));
        assertEquals(2048, key.getModulus().bitLength());
        // Encrypt and Decrypt under the RSA key through KMS itself (Moto's blobs are not RSA ciphertexts).
        byte[] blob = kms.encrypt(rsa.arn(), new byte[] {7}, Map.of(), EncryptionAlgorithm.RSAES_OAEP_SHA_256).ciphertextBlob();
        DecryptResult back = kms.decrypt(blob, rsa.arn(), Map.of(), EncryptionAlgorithm.RSAES_OAEP_SHA_256);
        assertArrayEquals(new byte[] {7}, back.plaintext());
    }

    @Test
    void keyStatesAndDeletion() throws Exception {
        KeyMetadata key = symmetricKey();
        // Moto answers DisableKey, EnableKey, ScheduleKeyDeletion and CancelKeyDeletion naming a key ARN with an
        // internal error (it looks the ARN up as a key ID): these calls name the key ID.
        String id = key.keyId();
        kms.disableKey(id);
        assertEquals(KeyState.DISABLED, kms.describeKey(key.arn()).keyState());
        kms.enableKey(id);
        assertEquals(KeyState.ENABLED, kms.describeKey(key.arn()).keyState());
        Instant deletion = kms.scheduleKeyDeletion(id, 7);
        assertTrue(deletion.isAfter(Instant.now().plusSeconds(6 * 86400)), deletion.toString());
        KeyMetadata pending = kms.describeKey(key.arn());
        assertEquals(KeyState.PENDING_DELETION, pending.keyState());
        assertNotNull(pending.deletionDate());
        kms.cancelKeyDeletion(id);
        assertEquals(KeyState.DISABLED, kms.describeKey(key.arn()).keyState(), "KMS leaves a cancelled key disabled");
    }

    @Test
    void missingKeysAreNotFoundWithTheKeyNamed() {
        String missing = "arn:aws:kms:us-east-1:" + Moto.ACCOUNT + ":key/00000000-0000-0000-0000-000000000000";
        KmsException e = assertThrows(KmsException.class, () -> kms.generateDataKey(missing, 32, CONTEXT));
        assertEquals(KmsErrorCode.NOT_FOUND, e.code());
        assertEquals(missing, e.keyArn());
        assertTrue(e.getMessage().contains("GenerateDataKey"), e.getMessage());
        assertEquals(KmsErrorCode.NOT_FOUND,
                assertThrows(KmsException.class, () -> kms.describeKey("alias/" + Moto.unique("none"))).code());
    }

    @Test
    void callsNamingAnArnGoToItsRegion() throws Exception {
        try (AwsKms west = Moto.engine("us-west-2")) {
            KeyMetadata westKey = west.createKey(CreateKeyRequest.symmetric("west"));
            assertTrue(westKey.arn().startsWith("arn:aws:kms:us-west-2:"), westKey.arn());
            // The us-east-1 engine reaches the us-west-2 key by its ARN ...
            DataKeyResult dk = kms.generateDataKey(westKey.arn(), 16, CONTEXT);
            assertEquals(westKey.arn(), dk.keyArn());
            assertArrayEquals(dk.plaintext(), kms.decrypt(dk.ciphertextBlob(), westKey.arn(), CONTEXT, null).plaintext());
            // ... but its bare key ID means a key of the configured region, where there is none.
            KmsException e = assertThrows(KmsException.class, () -> kms.describeKey(westKey.keyId()));
            assertEquals(KmsErrorCode.NOT_FOUND, e.code());
            assertEquals("us-west-2", kms.regionFor(westKey.arn()));
            assertEquals("us-east-1", kms.regionFor(westKey.keyId()));
            assertEquals("us-east-1", kms.regionFor("alias/anything"));
            assertEquals("eu-west-1", kms.regionFor("arn:aws:kms:eu-west-1:" + Moto.ACCOUNT + ":alias/x"));
        }
    }
}
