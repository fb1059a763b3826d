package org.envelopejca.keystore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import org.envelopejca.DataKeyUnavailableException;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.KmsOperationException;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.message.MessageHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The KMS KeyStore over the embedded engine, through the JCA API only. */
class KmsKeyStoreTest {
    private static final EnvelopeProvider PROVIDER = new EnvelopeProvider();

    @TempDir
    Path dir;

    private KeyStore store;

    private KeyStore load(String extra) throws Exception {
        KeyStore ks = KeyStore.getInstance("KMS", PROVIDER);
        String props = "kms=local\nlocal.path=" + dir.toString().replace("\\", "\\\\") + "\n" + extra;
        ks.load(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)), null);
        return ks;
    }

    @BeforeEach
    void setUp() throws Exception {
        store = load("");
    }

    private KmsKey createKey(String alias) throws Exception {
        KeyGenerator g = KeyGenerator.getInstance("KMS", PROVIDER);
        g.init(new KmsKeyGenParameterSpec(KeySpec.SYMMETRIC_DEFAULT, "test key", 365, false));
        KmsKey pending = (KmsKey) g.generateKey();
        assertTrue(pending.isPending());
        store.setKeyEntry(alias, pending, null, null);
        return (KmsKey) store.getKey(alias, null);
    }

    private static byte[] encrypt(KmsKey key, byte[] plaintext) throws Exception {
        Cipher c = Cipher.getInstance("Envelope/AES-GCM/NoPadding", PROVIDER);
        c.init(Cipher.ENCRYPT_MODE, key, EnvelopeParameterSpec.builder().encryptionContext(Map.of("purpose", "test")).build());
        return c.doFinal(plaintext);
    }

    private static byte[] decrypt(KmsKey key, byte[] message) throws Exception {
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        c.init(Cipher.DECRYPT_MODE, key);
        return c.doFinal(message);
    }

    @Test
    void emptyStore() throws Exception {
        assertEquals(0, store.size());
        assertFalse(store.aliases().hasMoreElements());
        assertNull(store.getKey("alias/nothing", null));
        assertFalse(store.containsAlias("nothing"));
    }

    @Test
    void generatedKeyGetsItsAliasAndEncrypts() throws Exception {
        KmsKey key = createKey("orders");
        assertEquals(List.of("alias/orders"), Collections.list(store.aliases()));
        assertTrue(store.containsAlias("orders"));
        assertTrue(store.containsAlias("alias/orders"));
        assertTrue(store.isKeyEntry("alias/orders"));
        assertFalse(store.isCertificateEntry("alias/orders"));
        assertTrue(store.entryInstanceOf("alias/orders", KeyStore.SecretKeyEntry.class));
        assertNotNull(store.getCreationDate("alias/orders"));
        assertEquals("KMS", key.getAlgorithm());
        assertNull(key.getEncoded());
        assertEquals(1, key.keyArns().size());
        assertTrue(key.keyArns().get(0).startsWith("arn:aws:kms:us-east-1:111122223333:key/"), key.keyArns().get(0));

        byte[] plaintext = "hello, KMS".getBytes(StandardCharsets.UTF_8);
        byte[] message = encrypt(key, plaintext);
        // The ESDK KMS keyring's EDK: provider ID aws-kms, provider info the key ARN.
        MessageHeader header = MessageHeader.read(new ByteArrayInputStream(message), 16);
        EncryptedDataKey edk = header.encryptedDataKeys().get(0);
        assertEquals("aws-kms", edk.providerId());
        assertEquals(key.keyArns().get(0), edk.providerInfoText());
        assertArrayEquals(plaintext, decrypt(key, message));
        assertArrayEquals(plaintext, decrypt((KmsKey) store.getKey(key.keyArns().get(0), null), message));
    }

    @Test
    void deleteEntryRemovesTheAliasNotTheKey() throws Exception {
        KmsKey key = createKey("gone");
        byte[] message = encrypt(key, new byte[] {1, 2, 3});
        store.deleteEntry("alias/gone");
        assertFalse(store.containsAlias("gone"));
        assertNull(store.getKey("alias/gone", null));
        KmsKey byArn = (KmsKey) store.getKey(key.keyArns().get(0), null);
        assertArrayEquals(new byte[] {1, 2, 3}, decrypt(byArn, message));
    }

    @Test
    void setKeyEntryMovesAnAlias() throws Exception {
        KmsKey first = createKey("moving");
        KmsKey second = createKey("other");
        store.setKeyEntry("moving", second, null, null);
        assertEquals(second.keyArns(), ((KmsKey) store.getKey("moving", null)).keyArns());
        assertFalse(first.keyArns().equals(second.keyArns()));
    }

    @Test
    void staticAliasToTwoKeysWritesTwoEncryptedDataKeys() throws Exception {
        KmsKey a = createKey("a");
        KmsKey b = createKey("b");
        KeyStore withStatic = load("alias.both=" + a.keyArns().get(0) + "," + b.keyArns().get(0) + "\n");
        KmsKey both = (KmsKey) withStatic.getKey("alias/both", null);
        assertEquals(List.of(a.keyArns().get(0), b.keyArns().get(0)), both.keyArns());
        byte[] message = encrypt(both, new byte[] {9});
        assertEquals(2, MessageHeader.read(new ByteArrayInputStream(message), 16).encryptedDataKeys().size());
        assertArrayEquals(new byte[] {9}, decrypt(b, message));
        assertArrayEquals(new byte[] {9}, decrypt(a, message));

        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        withStatic.store(saved, null);
        KeyStore reloaded = KeyStore.getInstance("KMS", PROVIDER);
        reloaded.load(new ByteArrayInputStream(saved.toByteArray()), null);
        assertEquals(both.keyArns(), ((KmsKey) reloaded.getKey("both", null)).keyArns());
        assertTrue(Collections.list(reloaded.aliases()).containsAll(List.of("alias/a", "alias/b", "alias/both")));
    }

    @Test
    void otherKeyCannotDecrypt() throws Exception {
        KmsKey a = createKey("mine");
        KmsKey b = createKey("theirs");
        byte[] message = encrypt(a, new byte[] {1});
        DataKeyUnavailableException e = assertThrows(DataKeyUnavailableException.class, () -> decrypt(b, message));
        assertTrue(e.getMessage().contains(b.keyArns().get(0)), e.getMessage());
        // Discovery: any key the engine can use.
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        c.init(Cipher.DECRYPT_MODE, b, EnvelopeParameterSpec.builder().discovery(true).build());
        assertArrayEquals(new byte[] {1}, c.doFinal(message));
    }

    @Test
    void disabledKeyFailsWithTheKmsCodeAndArn() throws Exception {
        KmsKey key = createKey("off");
        byte[] message = encrypt(key, new byte[] {1});
        key.engine().kms().disableKey(key.keyArns().get(0));
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        KmsOperationException e = assertThrows(KmsOperationException.class,
                () -> c.init(Cipher.ENCRYPT_MODE, key, EnvelopeParameterSpec.builder().useCache(false).build()));
        assertEquals(KmsErrorCode.DISABLED, e.code());
        assertEquals(key.keyArns().get(0), e.keyArn());
        c.init(Cipher.DECRYPT_MODE, key, EnvelopeParameterSpec.builder().useCache(false).build());
        KmsOperationException d = assertThrows(KmsOperationException.class, () -> c.doFinal(message));
        assertEquals(KmsErrorCode.DISABLED, d.code());
    }

    @Test
    void rotatedKeyDecryptsOldAndNewMessages() throws Exception {
        KmsKey key = createKey("rotating");
        byte[] before = encrypt(key, new byte[] {1});
        for (int i = 0; i < 3; i++) {
            key.engine().kms().rotateKeyOnDemand(key.keyArns().get(0));
        }
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        c.init(Cipher.ENCRYPT_MODE, key, EnvelopeParameterSpec.builder().useCache(false).build());
        byte[] after = c.doFinal(new byte[] {2});
        c.init(Cipher.DECRYPT_MODE, key, EnvelopeParameterSpec.builder().useCache(false).build());
        assertArrayEquals(new byte[] {1}, c.doFinal(before));
        assertArrayEquals(new byte[] {2}, c.doFinal(after));
    }

    @Test
    void cacheTurnsManyMessagesIntoOneGenerateDataKey() throws Exception {
        KmsKey key = createKey("cached");
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        c.init(Cipher.ENCRYPT_MODE, key);
        // Default cache: 10 000 messages within its 5-minute age cost one GenerateDataKey; decrypting them costs
        // one Decrypt, shared by every Cipher of the store (fresh Ciphers here).
        List<byte[]> messages = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            messages.add(c.doFinal(new byte[] {(byte) i}));
        }
        assertEquals(1, key.engine().cache().stats().keyringCalls());
        for (int i = 0; i < 10_000; i += 100) {
            assertArrayEquals(new byte[] {(byte) i}, decrypt((KmsKey) store.getKey("cached", null), messages.get(i)));
        }
        assertEquals(2, key.engine().cache().stats().keyringCalls());
        Cipher other = Cipher.getInstance("Envelope", PROVIDER);
        other.init(Cipher.ENCRYPT_MODE, (KmsKey) store.getKey("cached", null));
        other.doFinal(new byte[] {1});
        assertEquals(2, key.engine().cache().stats().keyringCalls(), "another Cipher of the store shares the data key");
    }

    @Test
    void rsaKmsKeyEncryptsLocallyAndDecryptsThroughKms() throws Exception {
        KeyGenerator g = KeyGenerator.getInstance("KMS", PROVIDER);
        g.init(2048);
        store.setKeyEntry("rsa", g.generateKey(), null, null);
        KmsKey key = (KmsKey) store.getKey("rsa", null);
        assertEquals(KeySpec.RSA_2048, key.keySpec().orElseThrow());
        assertArrayEquals(new byte[] {5}, decrypt(key, encrypt(key, new byte[] {5})));
    }

    @Test
    void aDestroyedHandleNoLongerReachesKms() throws Exception {
        KmsKey key = createKey("short-lived");
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        EnvelopeParameterSpec spec = EnvelopeParameterSpec.builder().build();
        c.init(Cipher.ENCRYPT_MODE, key, spec);
        c.doFinal(new byte[] {1});
        key.destroy();
        assertTrue(key.isDestroyed());
        // Even re-initialised with the very same key and spec objects (whose keyring a Cipher otherwise keeps).
        assertThrows(java.security.InvalidKeyException.class, () -> c.init(Cipher.ENCRYPT_MODE, key, spec));
    }

    @Test
    void invalidAliasLeavesNoKeyBehind() throws Exception {
        java.security.Key pending = KeyGenerator.getInstance("KMS", PROVIDER).generateKey();
        assertThrows(java.security.KeyStoreException.class, () -> store.setKeyEntry("bad name", pending, null, null));
        assertThrows(java.security.KeyStoreException.class, () -> store.setKeyEntry("alias/aws/reserved", pending, null, null));
        KmsKey probe = createKey("probe");
        assertEquals(1, probe.engine().kms().listKeys(100, null).items().size());
    }

    @Test
    void staticAliasOfAnRsaKeyUsesTheRsaKeyring() throws Exception {
        KeyGenerator g = KeyGenerator.getInstance("KMS", PROVIDER);
        g.init(2048);
        store.setKeyEntry("rsa-static-source", g.generateKey(), null, null);
        String arn = ((KmsKey) store.getKey("rsa-static-source", null)).keyArns().get(0);
        KmsKey key = (KmsKey) load("alias.rsa=" + arn + "\n").getKey("alias/rsa", null);
        assertEquals(KeySpec.RSA_2048, key.keySpec().orElseThrow());
        assertArrayEquals(new byte[] {6}, decrypt(key, encrypt(key, new byte[] {6})));
    }

    @Test
    void configurationErrors() {
        IOException unknown = assertThrows(IOException.class, () -> load("cache.max-agee=PT1M\n"));
        assertTrue(unknown.getMessage().contains("cache.max-agee"));
        IOException aws = assertThrows(IOException.class, () -> {
            KeyStore ks = KeyStore.getInstance("KMS", PROVIDER);
            ks.load(new ByteArrayInputStream("kms=aws\naws.regoin=eu-west-1\n".getBytes(StandardCharsets.UTF_8)), null);
        });
        assertTrue(aws.getMessage().contains("aws.regoin"));
    }

    @Test
    void wrongPasswordIsAnIoExceptionCausedByUnrecoverableKey(@TempDir Path other) throws Exception {
        String props = "local.path=" + other.toString().replace("\\", "\\\\") + "\n";
        KeyStore ks = KeyStore.getInstance("KMS", PROVIDER);
        ks.load(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)), "right-Quartz-9-lemon".toCharArray());
        KeyStore again = KeyStore.getInstance("KMS", PROVIDER);
        IOException e = assertThrows(IOException.class,
                () -> again.load(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)), "wrong".toCharArray()));
        assertInstanceOf(UnrecoverableKeyException.class, e.getCause());
        again.load(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)), "right-Quartz-9-lemon".toCharArray());
    }

    @Test
    void aWeakPasswordDoesNotCreateAStore(@TempDir Path other) throws Exception {
        String props = "local.path=" + other.toString().replace("\\", "\\\\") + "\n";
        KeyStore ks = KeyStore.getInstance("KMS", PROVIDER);
        IOException e = assertThrows(IOException.class,
                () -> ks.load(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)), "changeit".toCharArray()));
        assertTrue(e.getMessage().contains("at least 12 characters"), e.getMessage());
        assertFalse(Files.exists(other.resolve("root.json")), "no store was created");
    }

    @Test
    void defaultLoadUsesTheEnvelopeHome(@TempDir Path home) throws Exception {
        String old = System.getProperty(KeyStoreConfig.HOME_PROPERTY);
        System.setProperty(KeyStoreConfig.HOME_PROPERTY, home.toString());
        try {
            KeyStore ks = KeyStore.getInstance("KMS", PROVIDER);
            ks.load(null, null);
            assertEquals(0, ks.size());
            assertTrue(java.nio.file.Files.list(home).findAny().isPresent(), "the embedded KMS lives in the home");
        } finally {
            if (old == null) {
                System.clearProperty(KeyStoreConfig.HOME_PROPERTY);
            } else {
                System.setProperty(KeyStoreConfig.HOME_PROPERTY, old);
            }
        }
    }
}
