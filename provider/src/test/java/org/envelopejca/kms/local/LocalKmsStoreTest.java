package org.envelopejca.kms.local;

import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.envelopejca.kms.local.Stores.assertKmsError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The store on disk: root key sources, integrity, persistence, in-JVM concurrency. */
class LocalKmsStoreTest {
    private static final byte[] SECRET = "s".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static LocalKmsOptions withPassword(String password) {
        return Stores.fast().password(password.toCharArray()).argon2(Stores.FAST_ARGON2).build();
    }

    /** Every file of the store with its bytes. */
    private Map<String, byte[]> snapshot() throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.collect(Collectors.toList())) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void passwordStoreReopensWithTheRightPasswordOnly() throws Exception {
        KeyMetadata key;
        byte[] blob;
        try (LocalKms kms = LocalKms.open(dir, withPassword("correct horse"))) {
            key = kms.createKey(CreateKeyRequest.symmetric(""));
            blob = kms.encrypt(key.keyId(), SECRET, null, null).ciphertextBlob();
        }
        assertFalse(Files.exists(dir.resolve(LocalKms.ROOT_KEY_FILE)), "no root key on disk with a password");
        String header = Files.readString(dir.resolve(LocalKms.ROOT_HEADER));
        assertTrue(header.contains("\"argon2id\""), header);
        Map<String, byte[]> before = snapshot();

        WrongPasswordException wrong = assertThrows(WrongPasswordException.class,
                () -> LocalKms.open(dir, withPassword("correct horsf")));
        assertTrue(wrong.getMessage().contains("wrong password"), wrong.getMessage());
        assertThrows(WrongPasswordException.class, () -> LocalKms.open(dir, Stores.fast().build()));
        Map<String, byte[]> after = snapshot();
        assertEquals(before.keySet(), after.keySet(), "store untouched");
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name + " untouched"));

        try (LocalKms kms = LocalKms.open(dir, withPassword("correct horse"))) {
            assertArrayEquals(SECRET, kms.decrypt(blob, key.keyId(), null, null).plaintext());
        }
    }

    @Test
    void fileStoreRefusesAPassword() throws Exception {
        Stores.open(dir).close();
        assertThrows(WrongPasswordException.class, () -> LocalKms.open(dir, withPassword("x")));
    }

    @Test
    void rootKeyFileIsOwnerOnly() throws Exception {
        assumeTrue(AtomicFiles.posix(), "POSIX file permissions");
        Stores.open(dir).close();
        Path rootKey = dir.resolve(LocalKms.ROOT_KEY_FILE);
        assertEquals(32, Files.size(rootKey));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(rootKey));
    }

    @Test
    void anotherStoresRootKeyFileIsRefused(@TempDir Path other) throws Exception {
        Stores.open(dir).close();
        Stores.open(other).close();
        Files.copy(other.resolve(LocalKms.ROOT_KEY_FILE), dir.resolve(LocalKms.ROOT_KEY_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        WrongPasswordException e = assertThrows(WrongPasswordException.class, () -> Stores.open(dir));
        assertTrue(e.getMessage().contains(LocalKms.ROOT_KEY_FILE), e.getMessage());
    }

    @Test
    void tamperedStoreFileIsDetectedAndNamed() throws Exception {
        String keyId;
        try (LocalKms kms = Stores.open(dir)) {
            keyId = kms.createKey(CreateKeyRequest.symmetric("original")).keyId();
        }
        Path store = dir.resolve(StoreFile.NAME);
        String json = Files.readString(store);
        Files.writeString(store, json.replace("\"original\"", "\"forged\""));
        StoreIntegrityException e = assertThrows(StoreIntegrityException.class, () -> Stores.open(dir));
        assertEquals(store.toRealPath(), e.file().toRealPath());
        assertTrue(e.getMessage().contains(StoreFile.NAME) && e.getMessage().contains("MAC"), e.getMessage());

        String disabled = json.replace("\"ENABLED\"", "\"DISABLED\"");
        assertFalse(disabled.equals(json));
        Files.writeString(store, disabled);
        assertThrows(StoreIntegrityException.class, () -> Stores.open(dir));

        Files.writeString(store, json.substring(0, json.length() / 2));
        StoreIntegrityException truncated = assertThrows(StoreIntegrityException.class, () -> Stores.open(dir));
        assertTrue(truncated.getMessage().contains(StoreFile.NAME), truncated.getMessage());

        Files.writeString(store, json);
        try (LocalKms kms = Stores.open(dir)) {
            assertEquals("original", kms.describeKey(keyId).description());
        }
    }

    @Test
    void damagedRootFilesAreDetectedAndNamed() throws Exception {
        try (LocalKms kms = Stores.open(dir)) {
            kms.createKey(CreateKeyRequest.symmetric(""));
        }
        Path header = dir.resolve(LocalKms.ROOT_HEADER);
        Path rootKey = dir.resolve(LocalKms.ROOT_KEY_FILE);
        byte[] headerBytes = Files.readAllBytes(header);
        byte[] keyBytes = Files.readAllBytes(rootKey);

        Files.write(header, java.util.Arrays.copyOf(headerBytes, headerBytes.length / 2));
        StoreIntegrityException e = assertThrows(StoreIntegrityException.class, () -> Stores.open(dir));
        assertTrue(e.getMessage().contains(LocalKms.ROOT_HEADER), e.getMessage());
        Files.write(header, headerBytes);

        Files.write(rootKey, java.util.Arrays.copyOf(keyBytes, 31));
        e = assertThrows(StoreIntegrityException.class, () -> Stores.open(dir));
        assertTrue(e.getMessage().contains(LocalKms.ROOT_KEY_FILE), e.getMessage());
        Files.delete(rootKey);
        e = assertThrows(StoreIntegrityException.class, () -> Stores.open(dir));
        assertTrue(e.getMessage().contains(LocalKms.ROOT_KEY_FILE), e.getMessage());
        Files.write(rootKey, keyBytes);

        Files.delete(header);
        e = assertThrows(StoreIntegrityException.class, () -> Stores.open(dir));
        assertTrue(e.getMessage().contains(LocalKms.ROOT_HEADER), e.getMessage());
        Files.write(header, headerBytes);

        Path store = dir.resolve(StoreFile.NAME);
        Files.move(store, dir.resolve("elsewhere"));
        e = assertThrows(StoreIntegrityException.class, () -> Stores.open(dir));
        assertTrue(e.getMessage().contains(StoreFile.NAME), e.getMessage());
        Files.move(dir.resolve("elsewhere"), store);
        try (LocalKms kms = Stores.open(dir)) {
            assertEquals(1, kms.listKeys(10, null).items().size());
        }
    }

    @Test
    void creationThatCrashedBeforeTheRootHeaderIsRedone() throws Exception {
        Stores.open(dir).close();
        // What a crash between the store file and the root header leaves: an empty store, no header.
        Files.delete(dir.resolve(LocalKms.ROOT_HEADER));
        try (LocalKms kms = Stores.open(dir)) {
            kms.createKey(CreateKeyRequest.symmetric(""));
        }
        try (LocalKms kms = Stores.open(dir)) {
            assertEquals(1, kms.listKeys(10, null).items().size());
        }
    }

    @Test
    void changedArgon2ParametersOnlyMakeThePasswordWrong() throws Exception {
        LocalKms.open(dir, withPassword("pw-Quartz-9-lemon")).close();
        Path header = dir.resolve(LocalKms.ROOT_HEADER);
        String json = Files.readString(header);
        Files.writeString(header, json.replace("\"iterations\":1", "\"iterations\":2"));
        assertThrows(WrongPasswordException.class, () -> LocalKms.open(dir, withPassword("pw-Quartz-9-lemon")));
        Files.writeString(header, json.replace("\"memoryKiB\":1024", "\"memoryKiB\":1073741824"));
        StoreIntegrityException e = assertThrows(StoreIntegrityException.class,
                () -> LocalKms.open(dir, withPassword("pw-Quartz-9-lemon")));
        assertTrue(e.getMessage().contains("out of bounds"), e.getMessage());
        Files.writeString(header, json);
        LocalKms.open(dir, withPassword("pw-Quartz-9-lemon")).close();
    }

    @Test
    void storeTamperedWhileOpenFailsTheNextCall() throws Exception {
        try (LocalKms kms = Stores.open(dir)) {
            KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("x"));
            Path store = dir.resolve(StoreFile.NAME);
            String json = Files.readString(store);
            Files.writeString(store, json.replace("\"x\"", "\"y\""));
            KmsException e = assertKmsError(KmsErrorCode.INTERNAL, () -> kms.describeKey(key.keyId()));
            assertTrue(e.getMessage().contains(StoreFile.NAME), e.getMessage());
            // The failure is audited too.
            List<String> lines = Files.readAllLines(kms.auditLogFile());
            assertTrue(lines.get(lines.size() - 1).contains("\"errorCode\":\"KMSInternalException\""));
        }
    }

    @Test
    void sealedMaterialCannotBeMovedToAnotherKey() throws Exception {
        KeyMetadata a;
        KeyMetadata b;
        try (LocalKms kms = Stores.open(dir)) {
            a = kms.createKey(CreateKeyRequest.symmetric(""));
            b = kms.createKey(CreateKeyRequest.symmetric(""));
        }
        // Forge a store where b carries a's sealed material, with a valid MAC (as someone holding the root key
        // could): the per-key AES-GCM AAD (key ARN, version) still refuses it.
        try (RootKeys keys = RootKeyStore.openOrCreate(dir, Stores.fast().build()).keys()) {
            StoreFile file = new StoreFile(dir, keys, "us-east-1", "111122223333");
            StoreState state = file.load();
            KeyRecord ka = state.keys().get(a.keyId());
            KeyRecord kb = state.keys().get(b.keyId());
            KeyRecord forged = new KeyRecord(kb.keyId(), kb.creationDate(), kb.description(), kb.keySpec(),
                    kb.keyState(), null, false, false, 0, null, 0, ka.versions(), null);
            Map<String, KeyRecord> keysById = new HashMap<>(state.keys());
            keysById.put(forged.keyId(), forged);
            file.write(new StoreState(state.region(), state.account(), state.generation(), new java.util.TreeMap<>(keysById),
                    state.aliases(), state.auditKeyed()));
        }
        try (LocalKms kms = Stores.open(dir)) {
            assertKmsError(KmsErrorCode.INTERNAL, () -> kms.encrypt(b.keyId(), SECRET, null, null));
            kms.encrypt(a.keyId(), SECRET, null, null);
        }
    }

    @Test
    void otherRegionOrAccountCannotOpenTheStore() throws Exception {
        Stores.open(dir).close();
        StoreIntegrityException e = assertThrows(StoreIntegrityException.class,
                () -> LocalKms.open(dir, Stores.fast().region("eu-west-1").build()));
        assertTrue(e.getMessage().contains("us-east-1"), e.getMessage());
    }

    @Test
    void regionAndAccountShapeArns() throws Exception {
        try (LocalKms kms = LocalKms.open(dir, Stores.fast().region("eu-central-1").account("123456789012").build())) {
            KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric(""));
            assertEquals("arn:aws:kms:eu-central-1:123456789012:key/" + key.keyId(), key.arn());
            assertEquals(key.keyId(), kms.describeKey(key.arn()).keyId());
        }
    }

    @Test
    void stateSurvivesReopen() throws Exception {
        KeyMetadata key;
        byte[] blob;
        try (LocalKms kms = Stores.open(dir)) {
            key = kms.createKey(CreateKeyRequest.symmetric("kept"));
            kms.createAlias("alias/kept", key.keyId());
            kms.rotateKeyOnDemand(key.keyId());
            blob = kms.encrypt("alias/kept", SECRET, Map.of("a", "b"), null).ciphertextBlob();
        }
        try (LocalKms kms = Stores.open(dir)) {
            assertEquals("kept", kms.describeKey("alias/kept").description());
            assertEquals(2, kms.keyVersionCount(key.keyId()));
            assertArrayEquals(SECRET, kms.decrypt(blob, null, Map.of("a", "b"), null).plaintext());
        }
        String store = Files.readString(dir.resolve(StoreFile.NAME));
        assertTrue(store.startsWith("{\"format\":\"envelope-local-kms-store\",\"formatVersion\":1,"), store);
        assertFalse(store.contains(java.util.Base64.getEncoder().encodeToString(SECRET)));
    }

    @Test
    void twoInstancesInOneJvmAndManyThreadsLoseNothing() throws Exception {
        LocalKms first = Stores.open(dir);
        LocalKms second = Stores.open(dir);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                LocalKms kms = (i % 2 == 0 ? first : second).withCaller("thread-" + i, "AKIDTEST" + i);
                int n = i;
                futures.add(pool.submit(() -> {
                    String id = kms.createKey(CreateKeyRequest.symmetric("t" + n)).keyId();
                    kms.createAlias("alias/t" + n, id);
                    return id;
                }));
            }
            Set<String> ids = new java.util.HashSet<>();
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
            assertEquals(40, first.listKeys(1000, null).items().size());
            assertEquals(40, second.listAliases(null, 1000, null).items().size());
            for (String id : ids) {
                first.describeKey(id);
            }
            AuditVerification v = AuditLog.verify(first.auditLogFile());
            assertTrue(v.ok(), v.toString());
            // 40 CreateKey, 40 CreateAlias, ListKeys, ListAliases, 40 DescribeKey.
            assertEquals(122, v.lines(), v.toString());
        } finally {
            pool.shutdownNow();
            first.close();
            second.close();
        }
    }
}
