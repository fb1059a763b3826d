package org.envelopejca.kms.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import org.envelopejca.DataKeyUnavailableException;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.keystore.KmsKeyGenParameterSpec;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.envelopejca.message.MessageHeader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The KMS KeyStore with {@code kms=aws} against Moto, through the JCA API. */
@ExtendWith(MotoServer.class)
class AwsKeyStoreMotoTest {
    private static final EnvelopeProvider PROVIDER = new EnvelopeProvider();
    private static final Map<String, String> CONTEXT = Map.of("purpose", "aws engine test");

    private KeyStore store;

    private static KeyStore load(String region, String extra) throws Exception {
        KeyStore ks = KeyStore.getInstance("KMS", PROVIDER);
        ks.load(new ByteArrayInputStream(Moto.keyStoreProperties(region, extra)), null);
        return ks;
    }

    @BeforeEach
    void setUp() throws Exception {
        store = load("us-east-1", "");
    }

    private KmsKey createKey(KeyStore ks, String alias) throws Exception {
        KeyGenerator g = KeyGenerator.getInstance("KMS", PROVIDER);
        g.init(new KmsKeyGenParameterSpec(KeySpec.SYMMETRIC_DEFAULT, "keystore test", 365, false));
        ks.setKeyEntry(alias, g.generateKey(), null, null);
        return (KmsKey) ks.getKey(alias, null);
    }

    private static EnvelopeParameterSpec.Builder spec() {
        return EnvelopeParameterSpec.builder().encryptionContext(CONTEXT).useCache(false);
    }

    private static byte[] encrypt(KmsKey key, byte[] plaintext) throws Exception {
        Cipher c = Cipher.getInstance("Envelope/AES-GCM/NoPadding", PROVIDER);
        c.init(Cipher.ENCRYPT_MODE, key, spec().build());
        return c.doFinal(plaintext);
    }

    private static byte[] decrypt(KmsKey key, byte[] message, EnvelopeParameterSpec spec) throws Exception {
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        c.init(Cipher.DECRYPT_MODE, key, spec);
        return c.doFinal(message);
    }

    private static List<EncryptedDataKey> edks(byte[] message) throws Exception {
        return MessageHeader.read(new ByteArrayInputStream(message), 16).encryptedDataKeys();
    }

    @Test
    void generatedKeyEncryptsAndDecrypts() throws Exception {
        String alias = "alias/" + Moto.unique("orders");
        KmsKey key = createKey(store, alias);
        assertTrue(store.containsAlias(alias));
        assertEquals(1, key.keyArns().size());
        String arn = key.keyArns().get(0);
        assertTrue(arn.startsWith("arn:aws:kms:us-east-1:" + Moto.ACCOUNT + ":key/"), arn);
        assertEquals("us-east-1", key.engine().region());

        byte[] plaintext = "hello, AWS KMS".getBytes(StandardCharsets.UTF_8);
        byte[] message = encrypt(key, plaintext);
        List<EncryptedDataKey> edks = edks(message);
        assertEquals(1, edks.size());
        assertEquals("aws-kms", edks.get(0).providerId());
        assertEquals(arn, edks.get(0).providerInfoText());
        assertArrayEquals(plaintext, decrypt(key, message, spec().build()));
        assertArrayEquals(plaintext, decrypt((KmsKey) load("us-east-1", "").getKey(arn, null), message, spec().build()),
                "another store over the same KMS reads it by the key ARN");
        assertTrue(key.engine().kms().getKeyRotationStatus(arn).enabled(), "the generator's rotation period is applied");
    }

    @Test
    void rotatedKeyStillDecryptsOlderMessages() throws Exception {
        KmsKey key = createKey(store, Moto.unique("rotating"));
        byte[] before = encrypt(key, new byte[] {1});
        for (int i = 0; i < 3; i++) {
            key.engine().kms().rotateKeyOnDemand(key.keyArns().get(0));
        }
        assertEquals(3, key.engine().kms().getKeyRotationStatus(key.keyArns().get(0)).onDemandRotations());
        byte[] after = encrypt(key, new byte[] {2});
        assertArrayEquals(new byte[] {1}, decrypt(key, before, spec().build()));
        assertArrayEquals(new byte[] {2}, decrypt(key, after, spec().build()));
    }

    @Test
    void staticAliasOverKeysInTwoRegions() throws Exception {
        String east = createKey(store, Moto.unique("east")).keyArns().get(0);
        String west;
        try (AwsKms westKms = Moto.engine("us-west-2")) {
            west = westKms.createKey(CreateKeyRequest.symmetric("west")).arn();
        }
        KeyStore withStatic = load("us-east-1", "alias.both=" + east + "," + west + "\n");
        KmsKey both = (KmsKey) withStatic.getKey("both", null);
        assertEquals(List.of(east, west), both.keyArns());
        byte[] message = encrypt(both, new byte[] {9});
        assertEquals(List.of(east, west), edks(message).stream().map(EncryptedDataKey::providerInfoText).toList());
        // Each key alone opens the message; the us-west-2 key is reached in its region by the us-east-1 store.
        assertArrayEquals(new byte[] {9}, decrypt((KmsKey) withStatic.getKey(east, null), message, spec().build()));
        assertArrayEquals(new byte[] {9}, decrypt((KmsKey) withStatic.getKey(west, null), message, spec().build()));
        assertArrayEquals(new byte[] {9}, decrypt((KmsKey) load("us-west-2", "").getKey(west, null), message, spec().build()));
    }

    @Test
    void missingKey() throws Exception {
        String missing = "arn:aws:kms:us-east-1:" + Moto.ACCOUNT + ":key/00000000-0000-0000-0000-000000000000";
        assertNull(store.getKey(missing, null), "a key KMS does not know is no entry");
        assertNull(store.getKey("alias/" + Moto.unique("none"), null));

        // A static alias may still name it: encrypting fails at init, as a key that cannot be used.
        KmsKey ghost = (KmsKey) load("us-east-1", "alias.ghost=" + missing + "\n").getKey("ghost", null);
        Cipher c = Cipher.getInstance("Envelope", PROVIDER);
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> c.init(Cipher.ENCRYPT_MODE, ghost, spec().build()));
        KmsException cause = kmsCause(e);
        assertEquals(KmsErrorCode.NOT_FOUND, cause.code());
        assertEquals(missing, cause.keyArn());

        // Decrypting a message of another key with it: no data key (KMS is not even asked, the EDK is not its).
        byte[] message = encrypt(createKey(store, Moto.unique("real")), new byte[] {3});
        assertThrows(DataKeyUnavailableException.class, () -> decrypt(ghost, message, spec().build()));
    }

    private static KmsException kmsCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KmsException k) {
                return k;
            }
        }
        throw new AssertionError("no KmsException in the cause chain", e);
    }

    @Test
    void discoveryDecryptsInTheEnginesRegion() throws Exception {
        KmsKey writer = createKey(store, Moto.unique("writer"));
        KmsKey other = createKey(store, Moto.unique("other"));
        byte[] message = encrypt(writer, new byte[] {4});
        assertThrows(DataKeyUnavailableException.class, () -> decrypt(other, message, spec().build()));
        assertArrayEquals(new byte[] {4}, decrypt(other, message, spec().discovery(true).build()));
        assertArrayEquals(new byte[] {4}, decrypt(other, message,
                spec().discoveryFilter("aws", java.util.Set.of(Moto.ACCOUNT)).build()));
        assertThrows(DataKeyUnavailableException.class, () -> decrypt(other, message,
                spec().discoveryFilter("aws", java.util.Set.of("111122223333")).build()));

        // A us-west-2 store's discovery does not use a us-east-1 key (single-Region keys stay in their region).
        KeyStore west = load("us-west-2", "");
        KmsKey westKey = createKey(west, Moto.unique("west"));
        assertEquals("us-west-2", westKey.engine().region());
        assertThrows(DataKeyUnavailableException.class, () -> decrypt(westKey, message, spec().discovery(true).build()));
    }

    @Test
    void profileGivesCredentialsAndRegion(@TempDir Path dir) throws Exception {
        // The SDK's region chain reads -Daws.region and AWS_REGION before the profile.
        Assumptions.assumeTrue(System.getenv("AWS_REGION") == null && System.getProperty("aws.region") == null,
                "AWS_REGION or aws.region is set: the profile's region would not be used");
        Path config = Files.writeString(dir.resolve("config"), "[profile envelope-test]\nregion = ap-northeast-1\n");
        Path credentials = Files.writeString(dir.resolve("credentials"),
                "[envelope-test]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n");
        Map<String, String> settings = Map.of("aws.configFile", config.toString(),
                "aws.sharedCredentialsFile", credentials.toString());
        Map<String, String> old = new java.util.HashMap<>();
        settings.keySet().forEach(k -> old.put(k, System.getProperty(k)));
        settings.forEach(System::setProperty);
        try {
            String props = "kms=aws\naws.profile=envelope-test\naws.endpoint=" + MotoServer.endpoint() + "\n";
            KeyStore ks = KeyStore.getInstance("KMS", PROVIDER);
            ks.load(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)), null);
            KmsKey key = createKey(ks, Moto.unique("profile"));
            assertEquals("ap-northeast-1", key.engine().region());
            assertTrue(key.keyArns().get(0).startsWith("arn:aws:kms:ap-northeast-1:"), key.keyArns().get(0));
            assertArrayEquals(new byte[] {6}, decrypt(key, encrypt(key, new byte[] {6}), spec().build()));
        } finally {
            old.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    @Test
    void regionFromTheSdkChainWhenNoneIsConfigured() throws Exception {
        String old = System.getProperty("aws.region");
        System.setProperty("aws.region", "eu-west-1");
        try {
            String props = new String(Moto.keyStoreProperties("us-east-1", ""), StandardCharsets.UTF_8)
                    .replace("aws.region=us-east-1\n", "");
            KeyStore ks = KeyStore.getInstance("KMS", PROVIDER);
            ks.load(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)), null);
            KmsKey key = createKey(ks, Moto.unique("chain"));
            assertEquals("eu-west-1", key.engine().region());
            assertTrue(key.keyArns().get(0).startsWith("arn:aws:kms:eu-west-1:"), key.keyArns().get(0));
            assertNotNull(key.engine().cache());
        } finally {
            if (old == null) {
                System.clearProperty("aws.region");
            } else {
                System.setProperty("aws.region", old);
            }
        }
    }
}
