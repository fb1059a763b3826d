package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmsEncryptDecryptTest {

    @TempDir
    Path dir;

    private KmsStore kms;
    private Path plain;
    private byte[] plaintext;

    @BeforeEach
    void setUp() throws IOException {
        kms = KmsStore.in(dir);
        plaintext = new byte[100_000];
        new Random(7).nextBytes(plaintext);
        plain = dir.resolve("plain.bin");
        Files.write(plain, plaintext);
    }

    private Path encrypt(String name, String... args) {
        Path out = dir.resolve(name);
        String[] all = concat(args, "--in", plain.toString(), "--out", out.toString());
        kms.ok("encrypt", all);
        return out;
    }

    private CliRun decrypt(Path message, String... args) {
        return kms.run("decrypt", concat(args, "--in", message.toString(), "--out", dir.resolve("out.bin").toString()));
    }

    private void assertDecrypts(Path message, String... args) throws IOException {
        CliRun r = decrypt(message, args);
        assertEquals(EnvelopeCli.OK, r.exitCode(), r::toString);
        assertArrayEquals(plaintext, Files.readAllBytes(dir.resolve("out.bin")));
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void roundTripWithAnAliasAndContext() throws IOException {
        kms.ok("keys create", "--alias", "files");
        Path message = encrypt("m.env", "--key", "alias/files", "--context", "purpose=test", "-c", "tenant=7");
        assertDecrypts(message, "--key", "files", "-c", "purpose=test");
        CliRun wrongContext = decrypt(message, "--key", "files", "--context", "purpose=other");
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, wrongContext.exitCode(), wrongContext::toString);
        // by key ARN too
        assertDecrypts(message, "--key", kms.arn("files"));
    }

    @Test
    void createKeyMakesTheAliasOnceThenUsesIt() throws IOException {
        CliRun first = kms.run("encrypt", "--create-key", "--key", "alias/demo", "--in", plain.toString(), "--out",
                dir.resolve("a.env").toString());
        assertEquals(EnvelopeCli.OK, first.exitCode(), first::toString);
        assertTrue(first.stderr().contains("created KMS key arn:aws:kms:"), first::toString);
        String arn = kms.arn("demo");
        CliRun second = kms.run("encrypt", "--create-key", "--key", "alias/demo", "--in", plain.toString(), "--out",
                dir.resolve("b.env").toString());
        assertEquals(EnvelopeCli.OK, second.exitCode(), second::toString);
        assertFalse(second.stderr().contains("created"), second::toString);
        assertEquals(arn, kms.arn("demo"));
        assertEquals(1, kms.entryCount());
        assertDecrypts(dir.resolve("a.env"), "--key", "demo");
        assertDecrypts(dir.resolve("b.env"), "--key", "demo");
    }

    @Test
    void withoutCreateKeyAMissingAliasIsAUsageError() {
        CliRun r = kms.run("encrypt", "--key", "alias/absent", "--in", plain.toString(), "--out",
                dir.resolve("x.env").toString());
        assertEquals(EnvelopeCli.USAGE, r.exitCode());
        assertTrue(r.stderr().contains("no KMS key alias/absent"), r::toString);
        assertTrue(r.stderr().contains("keys create --alias absent"), r::toString);
        assertFalse(Files.exists(dir.resolve("x.env")));
        CliRun byArn = kms.run("encrypt", "--create-key", "--key",
                "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000",
                "--in", plain.toString(), "--out", dir.resolve("x.env").toString());
        assertEquals(EnvelopeCli.USAGE, byArn.exitCode(), "--create-key needs an alias");
    }

    @Test
    void severalKeysEachOpenTheMessageAlone() throws IOException {
        kms.ok("keys create", "--alias", "a");
        kms.ok("keys create", "--alias", "b");
        kms.ok("keys create", "--alias", "rsa", "--spec", "RSA_2048");
        kms.ok("keys create", "--alias", "other");
        Path message = encrypt("m.env", "--key", "a", "--key", "b", "--key", "rsa");
        String inspect = CliRun.run("inspect", message.toString()).stdoutAsText();
        assertTrue(inspect.contains("encrypted data keys: 3"), inspect);
        for (String alias : new String[] {"a", "b", "rsa"}) {
            assertTrue(inspect.contains(kms.arn(alias)), alias + " in " + inspect);
            assertDecrypts(message, "--key", alias);
        }
        assertDecrypts(message, "--key", "other", "--key", "b");
        Files.delete(dir.resolve("out.bin"));
        CliRun strangers = decrypt(message, "--key", "other");
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, strangers.exitCode(), strangers::toString);
        assertFalse(Files.exists(dir.resolve("out.bin")));
        assertDecrypts(message, "--discovery");
        assertDecrypts(message, "--discovery", "--key", "other");
    }

    @Test
    void afterARotationOlderMessagesStillDecrypt() throws IOException {
        kms.ok("keys create", "--alias", "r");
        Path old = encrypt("old.env", "--key", "r");
        kms.ok("keys rotate", "r");
        Path fresh = encrypt("new.env", "--key", "r");
        assertDecrypts(old, "--key", "r");
        assertDecrypts(fresh, "--key", "r");
    }

    @Test
    void aDisabledKeyIsAKmsFailureNotABadMessage() throws IOException {
        kms.ok("keys create", "--alias", "d");
        Path message = encrypt("m.env", "--key", "d");
        kms.ok("keys disable", "d");
        CliRun dec = decrypt(message, "--key", "d");
        assertEquals(EnvelopeCli.KMS_FAILED, dec.exitCode(), dec::toString);
        assertTrue(dec.stderr().contains("DisabledException"), dec::toString);
        CliRun enc = kms.run("encrypt", "--key", "d", "--in", plain.toString(), "--out",
                dir.resolve("n.env").toString());
        assertEquals(EnvelopeCli.KMS_FAILED, enc.exitCode(), enc::toString);
        assertFalse(Files.exists(dir.resolve("n.env")));
        kms.ok("keys enable", "d");
        assertDecrypts(message, "--key", "d");
    }

    @Test
    void discoveryWithAnEmptyStoreHasNothingToTry() throws IOException {
        Path key = dir.resolve("raw.key");
        Files.write(key, new byte[32]);
        Path message = dir.resolve("raw.env");
        assertEquals(EnvelopeCli.OK, CliRun.run("encrypt", "--key-file", key.toString(), "--in", plain.toString(),
                "--out", message.toString()).exitCode());
        CliRun r = decrypt(message, "--discovery");
        assertEquals(EnvelopeCli.USAGE, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("has no keys"), r::toString);
    }

    @Test
    void keyKindsDoNotMix() throws IOException {
        Path key = dir.resolve("raw.key");
        Files.write(key, new byte[32]);
        String in = plain.toString();
        String out = dir.resolve("x.env").toString();
        String[][] refused = {
            {"encrypt", "--in", in, "--out", out},
            {"encrypt", "--key", "a", "--key-file", key.toString(), "--in", in, "--out", out},
            {"encrypt", "--key", "a", "--key-namespace", "ns", "--in", in, "--out", out},
            {"encrypt", "--key", "a", "--generate-key", "--in", in, "--out", out},
            {"encrypt", "--key-file", key.toString(), "--create-key", "--in", in, "--out", out},
            {"encrypt", "--key-file", key.toString(), "--keystore", kms.config.toString(), "--in", in, "--out", out},
            {"decrypt", "--discovery", "--key-file", key.toString(), "--in", in, "--out", out},
            {"decrypt", "--in", in, "--out", out},
        };
        for (String[] args : refused) {
            CliRun r = CliRun.run(args);
            assertEquals(EnvelopeCli.USAGE, r.exitCode(), () -> String.join(" ", args) + ": " + r);
        }
        assertFalse(Files.exists(kms.dir), "no embedded KMS was created for a refused command");
    }
}
