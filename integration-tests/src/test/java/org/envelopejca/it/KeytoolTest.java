package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.crypto.Cipher;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.kms.local.Argon2Settings;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's own keytool manages a KMS KeyStore: {@code -genseckey} creates a KMS key and its alias, {@code -list}
 * lists the aliases, {@code -delete} removes an alias (never the key). The store is the embedded KMS in a temporary
 * directory, protected by the store password keytool insists on.
 */
class KeytoolTest {
    static final String PASSWORD = "keytool-Store-pass-9";

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void embeddedStore() throws Exception {
        config = JavaSecurityTemplateTest.embeddedConfig(dir);
    }

    /**
     * Creates the embedded KMS with the store password beforehand, with low Argon2 costs: keytool would create it
     * just the same on first use, with the default costs (64 MiB, 3 passes) that every later keytool run pays again.
     * A store keeps the costs it was created with.
     */
    private void createPasswordStore() throws Exception {
        try (LocalKms kms = LocalKms.open(KeyStoreConfig.parse(properties(config)).localPath(),
                LocalKmsOptions.builder().password(PASSWORD.toCharArray())
                        .argon2(new Argon2Settings(1024, 1, 1)).build())) {
            kms.listAliases(null, 1, null);
        }
    }

    /** keytool with the provider loaded from -providerpath by its class name. */
    private Processes.Run keytoolByClass(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Deployment.javaHomeTool("keytool").toString(),
                "-providerpath", Deployment.join(Deployment.providerClassPath()),
                "-providerclass", EnvelopeProvider.class.getName(),
                "-storetype", "KMS", "-keystore", config.toString()));
        command.addAll(List.of(args));
        return Processes.run(command, dir, Map.of());
    }

    /** keytool with the jars on its JVM's class path (-J-cp) and the provider added by name. */
    private Processes.Run keytoolByName(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Deployment.javaHomeTool("keytool").toString(),
                "-J-cp", "-J" + Deployment.join(Deployment.providerClassPath()),
                "-addprovider", EnvelopeProvider.NAME,
                "-storetype", "KMS", "-keystore", config.toString()));
        command.addAll(List.of(args));
        return Processes.run(command, dir, Map.of());
    }

    private KeyStore load(String password) throws Exception {
        KeyStore store = KeyStore.getInstance("KMS", new EnvelopeProvider());
        try (InputStream in = Files.newInputStream(config)) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }

    private static Properties properties(Path file) throws Exception {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    private static byte[] roundTrip(java.security.Key encryptWith, java.security.Key decryptWith) throws Exception {
        Cipher cipher = Cipher.getInstance(EnvelopeProvider.CIPHER, new EnvelopeProvider());
        byte[] plaintext = "made with keytool".getBytes(StandardCharsets.UTF_8);
        cipher.init(Cipher.ENCRYPT_MODE, encryptWith);
        byte[] message = cipher.doFinal(plaintext);
        cipher.init(Cipher.DECRYPT_MODE, decryptWith);
        assertArrayEquals(plaintext, cipher.doFinal(message));
        return message;
    }

    @Test
    void genseckeyCreatesAKmsKeyAndItsAlias() throws Exception {
        KeyStoreConfig before = KeyStoreConfig.parse(properties(config));

        Processes.Run gen = keytoolByClass("-genseckey", "-keyalg", "KMS", "-keysize", "256", "-alias", "orders",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        assertEquals(0, gen.exitCode(), gen::describe);
        assertTrue(gen.output().contains("Generated 256-bit KMS secret key"), gen::describe);

        Processes.Run list = keytoolByClass("-list", "-storepass", PASSWORD);
        assertEquals(0, list.exitCode(), list::describe);
        assertTrue(list.output().contains("Keystore type: KMS"), list::describe);
        assertTrue(list.output().contains("Your keystore contains 1 entry"), list::describe);
        assertTrue(list.lines().stream().anyMatch(l -> l.startsWith("alias/orders, ") && l.contains("SecretKeyEntry")),
                list::describe);

        // keytool stored the KeyStore: the file is still a configuration, meaning the same (defaults now written out)
        assertEquals(before, KeyStoreConfig.parse(properties(config)));

        // an application opens the same store with the same password and encrypts with the key keytool made
        KmsKey key = (KmsKey) load(PASSWORD).getKey("orders", null);
        assertNotNull(key);
        assertEquals(1, key.keyArns().size());
        assertTrue(key.keyArns().get(0).startsWith("arn:aws:kms:us-east-1:111122223333:key/"), key::toString);
        roundTrip(key, key);

        // a second -genseckey under the same alias is refused by keytool and moves nothing
        Processes.Run second = keytoolByClass("-genseckey", "-keyalg", "KMS", "-keysize", "256", "-alias", "orders",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        assertTrue(second.exitCode() != 0, second::describe);
        assertTrue(second.output().contains("already exists"), second::describe);
        assertEquals(key.keyArns(), ((KmsKey) load(PASSWORD).getKey("orders", null)).keyArns());
    }

    @Test
    void deleteRemovesTheAliasNotTheKey() throws Exception {
        createPasswordStore();
        assertEquals(0, keytoolByName("-genseckey", "-keyalg", "KMS", "-keysize", "256", "-alias", "invoices",
                "-storepass", PASSWORD, "-keypass", PASSWORD).exitCode());
        KmsKey byAlias = (KmsKey) load(PASSWORD).getKey("invoices", null);
        String arn = byAlias.keyArns().get(0);

        Processes.Run delete = keytoolByName("-delete", "-alias", "invoices", "-storepass", PASSWORD);
        assertEquals(0, delete.exitCode(), delete::describe);

        KeyStore store = load(PASSWORD);
        assertFalse(store.containsAlias("invoices"));
        assertNull(store.getKey("invoices", null));
        KmsKey byArn = (KmsKey) store.getKey(arn, null);
        assertNotNull(byArn, "the key outlives its alias");
        roundTrip(byArn, byArn);

        Processes.Run again = keytoolByName("-delete", "-alias", "invoices", "-storepass", PASSWORD);
        assertTrue(again.exitCode() != 0, again::describe);
        assertTrue(again.output().contains("Alias <invoices> does not exist"), again::describe);
    }

    @Test
    void aStaticAliasIsListedAndDeletedFromTheFile() throws Exception {
        createPasswordStore();
        String arn = "arn:aws:kms:us-east-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321";
        Files.writeString(config, Files.readString(config) + "alias.legacy=" + arn + "\n");

        Processes.Run list = keytoolByClass("-list", "-storepass", PASSWORD);
        assertEquals(0, list.exitCode(), list::describe);
        assertTrue(list.output().contains("alias/legacy"), list::describe);

        Processes.Run delete = keytoolByClass("-delete", "-alias", "legacy", "-storepass", PASSWORD);
        assertEquals(0, delete.exitCode(), delete::describe);
        Properties after = properties(config);
        assertNull(after.getProperty("alias.legacy"), after::toString);
        KeyStoreConfig.parse(after);
    }

    @Test
    void theModulePathWorksForKeytoolToo() throws Exception {
        createPasswordStore();
        Processes.Run run = Processes.run(List.of(Deployment.javaHomeTool("keytool").toString(),
                "-J--module-path=" + Deployment.providerJar(),
                "-J-cp", "-J" + Deployment.join(Deployment.dependencyJars()),
                "-addprovider", EnvelopeProvider.NAME,
                "-storetype", "KMS", "-keystore", config.toString(), "-list", "-storepass", PASSWORD), dir, Map.of());
        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.output().contains("Your keystore contains 0 entries"), run::describe);
    }

    @Test
    void aWrongStorePasswordIsRefused() throws Exception {
        createPasswordStore();
        Processes.Run wrong = keytoolByClass("-list", "-storepass", "not-" + PASSWORD);
        assertTrue(wrong.exitCode() != 0, wrong::describe);
        assertTrue(wrong.output().contains("wrong password for the embedded KMS"), wrong::describe);
    }

    @Test
    void aStoreWithARootKeyFileListsWithoutAPassword() throws Exception {
        // created by an application with a null password: the root key is the file root.key
        KmsKey made;
        KeyStore store = load(null);
        store.setKeyEntry("app", javax.crypto.KeyGenerator.getInstance("KMS", new EnvelopeProvider()).generateKey(),
                null, null);
        made = (KmsKey) store.getKey("app", null);
        assertNotNull(made);
        assertTrue(Files.exists(dir.resolve("kms").resolve("root.key")));

        Processes.Run list = keytoolByClass("-list");
        assertEquals(0, list.exitCode(), list::describe);
        assertTrue(list.lines().stream().anyMatch(l -> l.startsWith("alias/app, ")), list::describe);
        assertTrue(list.output().contains("has NOT been verified"), list::describe);
    }

    @Test
    void withoutStoretypeKeytoolProbesTheFile() throws Exception {
        createPasswordStore();
        // KeyStore.getInstance(File, password) asks each provider's KeyStore whether it reads the file
        Processes.Run run = Processes.run(List.of(Deployment.javaHomeTool("keytool").toString(),
                "-providerpath", Deployment.join(Deployment.providerClassPath()),
                "-providerclass", EnvelopeProvider.class.getName(),
                "-keystore", config.toString(), "-list", "-storepass", PASSWORD), dir, Map.of());
        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.output().contains("Keystore type: KMS"), run::describe);
    }

    @Test
    void aMissingFileIsWrittenForTheDefaultHome() throws Exception {
        Path home = dir.resolve("home");
        config = dir.resolve("new.properties");
        Processes.Run run = Processes.run(List.of(Deployment.javaHomeTool("keytool").toString(),
                "-providerpath", Deployment.join(Deployment.providerClassPath()),
                "-providerclass", EnvelopeProvider.class.getName(), "-storetype", "KMS",
                "-keystore", config.toString(), "-genseckey", "-keyalg", "KMS", "-keysize", "256", "-alias", "first",
                "-storepass", PASSWORD, "-keypass", PASSWORD), dir, Map.of("ENVELOPE_HOME", home.toString()));
        assertEquals(0, run.exitCode(), run::describe);
        assertEquals(home, KeyStoreConfig.parse(properties(config)).localPath());
        assertNotNull(load(PASSWORD).getKey("first", null));
    }
}
