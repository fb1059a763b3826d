package org.envelopejca.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.WrappingKey;
import org.envelopejca.keyring.Keyring;
import org.envelopejca.keyring.RawAesKeyring;
import org.envelopejca.keyring.RawRsaKeyring;
import org.envelopejca.keyring.RsaPadding;
import org.envelopejca.keyring.kms.KmsKeyring;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.keystore.KmsLoadStoreParameter;
import org.envelopejca.kms.DataKeyResult;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.local.Argon2Settings;
import org.envelopejca.kms.local.AuditLog;
import org.envelopejca.kms.local.AuditSync;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.message.DecryptionSettings;
import org.envelopejca.message.EncryptionSettings;
import org.envelopejca.message.MessageDecryptor;
import org.envelopejca.message.MessageEncryptor;
import org.envelopejca.message.MessageHeader;
import org.envelopejca.properties.Messages;
import org.envelopejca.properties.RsaKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A representative workflow (raw AES, raw RSA, a KMS key of a KeyStore over the embedded engine; wrong key,
 * tampered message, wrong context, disabled key, wrong password) with everything it shows captured: exception
 * messages, toString() and stack traces, toString() of every public value reached, standard output and error,
 * java.util.logging, and the embedded KMS's files (store, root header, audit log). None may contain a key, a data
 * key, a password or a plaintext, in any common encoding (DESIGN: "Messages never contain key material, plaintext
 * or data keys"). Also: every data key handed to the message layer is zeroed once the message is done.
 */
class SecretsScanTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private final SecretScanner scanner = new SecretScanner();
    private final List<Throwable> failures = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();
    private final String marker = "PLAINTEXT-MARKER-" + HexFormat.of().formatHex(randomBytes(8));

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private byte[] plaintext(String what) {
        // Several frames of 64 bytes, so that frames other than the first carry the marker too.
        return (marker + " " + what + " " + marker + " ").repeat(4).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void noSecretInAnythingTheProviderShows() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        Logger root = Logger.getLogger("");
        Level rootLevel = root.getLevel();
        StringBuilder logged = new StringBuilder();
        Handler handler = new Handler() {
            private final SimpleFormatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                logged.append(formatter.format(record)).append(record.getMessage())
                        .append(Arrays.toString(record.getParameters())).append('\n');
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.ALL);
        System.setOut(capture);
        System.setErr(capture);
        try {
            rawAes();
            rawRsa();
            kmsKeyStore();
        } finally {
            System.setOut(out);
            System.setErr(err);
            root.removeHandler(handler);
            root.setLevel(rootLevel);
        }

        scanner.text("standard output and error", captured.toString(StandardCharsets.UTF_8));
        scanner.text("java.util.logging", logged.toString());
        for (Throwable t : failures) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            scanner.text("exception " + t.getClass().getSimpleName(), t + "\n" + t.getMessage() + "\n" + trace);
        }
        for (Object value : values) {
            scanner.text("toString of " + value.getClass().getSimpleName(), String.valueOf(value));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                scanner.bytes("file " + dir.relativize(file), Files.readAllBytes(file));
            }
        }
        List<String> findings = scanner.findings();
        System.out.println("HARDENING-SECRETS secrets=" + scanner.secretCount() + " places=" + scanner.haystackCount()
                + " exceptions=" + failures.size() + " values=" + values.size() + " found=" + findings.size());
        assertTrue(failures.size() >= 10, "the failure paths ran: " + failures.size());
        assertEquals(List.of(), findings);
    }

    /** The scanner finds what it looks for: a secret planted in a place is reported in each form. */
    @Test
    void theScannerFindsPlantedSecrets() {
        SecretScanner planted = new SecretScanner();
        byte[] key = randomBytes(32);
        planted.secret("key", key);
        planted.text("hex", "x" + HexFormat.of().formatHex(key) + "y");
        planted.text("base64", java.util.Base64.getEncoder().encodeToString(key));
        planted.text("list", Arrays.toString(key));
        planted.bytes("raw", key);
        planted.text("clean", "nothing here");
        List<String> found = planted.findings();
        for (String place : List.of("hex", "base64", "list", "raw")) {
            assertTrue(found.stream().anyMatch(f -> f.contains(" in " + place + " ")), place + " missed: " + found);
        }
        assertFalse(found.stream().anyMatch(f -> f.contains(" in clean ")), found.toString());
    }

    private void expectFailure(String what, ThrowingRunnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            failures.add(t);
            return;
        }
        fail(what + " did not fail");
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private void rawAes() throws Exception {
        byte[] keyBytes = randomBytes(32);
        scanner.secret("raw AES key", keyBytes);
        SecretKey key = new SecretKeySpec(keyBytes, "AES");
        SecretKey other = new SecretKeySpec(randomBytes(32), "AES");
        byte[] plaintext = plaintext("raw AES");
        scanner.secret("plaintext", plaintext);
        scanner.secret("marker", marker.getBytes(StandardCharsets.UTF_8));
        EnvelopeParameterSpec spec = EnvelopeParameterSpec.builder().frameLength(64)
                .encryptionContext(Map.of("purpose", "secrets")).build();
        values.add(spec);
        values.add(new WrappingKey(key, "ns", "name", RsaPadding.PKCS1));
        for (AlgorithmSuite suite : List.of(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY,
                AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384)) {
            EnvelopeParameterSpec s = spec.toBuilder().algorithmSuite(suite).build();
            Cipher cipher = Messages.newCipher();
            cipher.init(Cipher.ENCRYPT_MODE, key, s);
            byte[] message = cipher.doFinal(plaintext);
            values.add(cipher);
            values.add(cipher.getParameters());
            cipher.init(Cipher.DECRYPT_MODE, key, s);
            assertArrayEquals(plaintext, cipher.doFinal(message));
            values.add(cipher.getParameters().getParameterSpec(EnvelopeParameterSpec.class));
            values.add(MessageHeader.read(new ByteArrayInputStream(message), 16));
            MessageHeader.read(new ByteArrayInputStream(message), 16).encryptedDataKeys().forEach(values::add);
            failuresOf(key, other, s, message);
        }
        // Key wrapping: the wrapped key is a secret too.
        byte[] wrappedKeyBytes = randomBytes(24);
        scanner.secret("key given to wrap", wrappedKeyBytes);
        Cipher wrap = Messages.newCipher();
        wrap.init(Cipher.WRAP_MODE, key, spec);
        byte[] wrapped = wrap.wrap(new SecretKeySpec(wrappedKeyBytes, "AES"));
        wrap.init(Cipher.UNWRAP_MODE, key, spec);
        Key unwrapped = wrap.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
        assertArrayEquals(wrappedKeyBytes, unwrapped.getEncoded());
        wrap.init(Cipher.UNWRAP_MODE, other, spec);
        expectFailure("unwrap with the wrong key", () -> wrap.unwrap(wrapped, "AES", Cipher.SECRET_KEY));

        messageLayer(new RawAesKeyring(key, WrappingKey.DEFAULT_NAMESPACE, WrappingKey.DEFAULT_NAME, RANDOM), "raw AES");
        values.add(new RawAesKeyring(key, "ns", "name", RANDOM));
    }

    /** Wrong key, wrong context, tampered body and header, truncation, through doFinal and through update. */
    private void failuresOf(Key decryptionKey, Key wrongKey, EnvelopeParameterSpec spec, byte[] message) {
        byte[] tamperedBody = message.clone();
        tamperedBody[tamperedBody.length - 20] ^= 1;
        byte[] tamperedHeader = message.clone();
        tamperedHeader[10] ^= 1;
        expectFailure("wrong key", () -> Messages.decrypt(wrongKey, spec, message));
        expectFailure("wrong context", () -> Messages.decrypt(decryptionKey,
                spec.toBuilder().encryptionContext(Map.of("purpose", "other")).build(), message));
        expectFailure("tampered body", () -> Messages.decrypt(decryptionKey, spec, tamperedBody));
        expectFailure("tampered header", () -> Messages.decrypt(decryptionKey, spec, tamperedHeader));
        expectFailure("truncated", () -> Messages.decrypt(decryptionKey, spec, Arrays.copyOf(message, message.length - 1)));
        expectFailure("tampered, through update", () -> {
            Cipher cipher = Messages.newCipher();
            cipher.init(Cipher.DECRYPT_MODE, decryptionKey, spec);
            byte[] bad = message.clone();
            bad[message.length / 2] ^= 1;
            for (int i = 0; i < bad.length; i += 17) {
                cipher.update(bad, i, Math.min(17, bad.length - i));
            }
            cipher.doFinal();
        });
    }

    private void rawRsa() throws Exception {
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) RsaKeys.first().getPrivate();
        for (BigInteger part : List.of(privateKey.getPrivateExponent(), privateKey.getPrimeP(), privateKey.getPrimeQ())) {
            scanner.secret("RSA private key part", unsigned(part));
            scanner.secret("RSA private key part in decimal", part.toString().getBytes(StandardCharsets.US_ASCII));
            scanner.secret("RSA private key part in hex", part.toString(16).getBytes(StandardCharsets.US_ASCII));
        }
        byte[] plaintext = plaintext("raw RSA");
        EnvelopeParameterSpec spec = EnvelopeParameterSpec.builder().frameLength(64).rsaPadding(RsaPadding.OAEP_SHA1_MGF1)
                .encryptionContext(Map.of("purpose", "secrets")).build();
        byte[] message = Messages.encrypt(RsaKeys.first().getPublic(), spec, plaintext);
        assertArrayEquals(plaintext, Messages.decrypt(privateKey, spec, message));
        failuresOf(privateKey, RsaKeys.second().getPrivate(), spec, message);
        values.add(new WrappingKey(privateKey, "ns", "name", RsaPadding.OAEP_SHA1_MGF1));
        RawRsaKeyring keyring = new RawRsaKeyring(RsaKeys.first().getPublic(), privateKey, WrappingKey.DEFAULT_NAMESPACE,
                WrappingKey.DEFAULT_NAME, RsaPadding.OAEP_SHA256_MGF1, RANDOM);
        values.add(keyring);
        messageLayer(keyring, "raw RSA");
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    /**
     * Through the message layer with a recording keyring, every suite: each data key the keyring handed over is
     * destroyed and zeroed once the message is written or read, and failing reads zero theirs too.
     */
    private void messageLayer(Keyring keyring, String what) throws Exception {
        for (AlgorithmSuite suite : AlgorithmSuite.values()) {
            var policy = Messages.policyFor(suite);
            Map<String, String> context = Map.of("purpose", "zeroing");
            byte[] plaintext = plaintext(what + " " + suite);
            RecordingKeyring writing = new RecordingKeyring(keyring);
            MessageEncryptor encryptor = new MessageEncryptor(new EncryptionSettings(suite, 64, context, Map.of(),
                    policy, 16), writing, RANDOM);
            encryptor.start();
            values.add(encryptor.header());
            byte[] out = new byte[(int) encryptor.maxOutputLength(plaintext.length, true)];
            int n = encryptor.update(plaintext, 0, plaintext.length, out, 0);
            n += encryptor.finish(plaintext, 0, 0, out, n);
            byte[] message = Arrays.copyOf(out, n);
            assertZeroed(writing, what + " " + suite + " encrypt");

            RecordingKeyring reading = new RecordingKeyring(keyring);
            MessageDecryptor decryptor = new MessageDecryptor(new DecryptionSettings(policy, 16, context), reading);
            byte[] back = new byte[(int) decryptor.maxOutputLength(message.length)];
            int m = decryptor.update(message, 0, message.length, back, 0);
            m += decryptor.finish(message, 0, 0, back, m);
            assertArrayEquals(plaintext, Arrays.copyOf(back, m));
            assertZeroed(reading, what + " " + suite + " decrypt");

            RecordingKeyring failing = new RecordingKeyring(keyring);
            MessageDecryptor tampered = new MessageDecryptor(new DecryptionSettings(policy, 16, context), failing);
            byte[] bad = message.clone();
            bad[bad.length - 20] ^= 1;
            expectFailure("tampered, message layer", () -> {
                byte[] sink = new byte[(int) tampered.maxOutputLength(bad.length)];
                int k = tampered.update(bad, 0, bad.length, sink, 0);
                tampered.finish(bad, 0, 0, sink, k);
            });
            assertZeroed(failing, what + " " + suite + " failed decrypt");
        }
    }

    private void assertZeroed(RecordingKeyring keyring, String what) {
        assertFalse(keyring.handed().isEmpty(), what + ": no data key was handed over");
        for (RecordingKeyring.Handed h : keyring.handed()) {
            scanner.secret("data key (" + what + ")", h.copy());
            values.add(h.key());
            assertTrue(h.key().isDestroyed(), what + ": data key not destroyed");
            assertTrue(h.zeroed(), what + ": data key bytes not zeroed");
        }
        keyring.descriptions().forEach(values::add);
    }

    private void kmsKeyStore() throws Exception {
        char[] password = ("pw-" + HexFormat.of().formatHex(randomBytes(12))).toCharArray();
        scanner.secret("store password", new String(password).getBytes(StandardCharsets.UTF_8));
        Path store = dir.resolve("kms");
        LocalKmsOptions options = LocalKmsOptions.builder().password(password.clone())
                .argon2(new Argon2Settings(1024, 1, 1)).auditSync(AuditSync.OPERATING_SYSTEM).build();
        values.add(options);
        try (LocalKms created = LocalKms.open(store, options)) {
            values.add(created);
        }
        expectFailure("wrong password", () -> LocalKms.open(store, LocalKmsOptions.builder()
                .password("not-the-password".toCharArray()).build()).close());
        String props = "local.path=" + store.toString().replace("\\", "\\\\") + "\n";
        expectFailure("wrong password, KeyStore.load", () -> KeyStore.getInstance("KMS", Messages.PROVIDER)
                .load(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)), "wrong".toCharArray()));
        KeyStore viaStream = KeyStore.getInstance("KMS", Messages.PROVIDER);
        viaStream.load(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)), password.clone());

        try (LocalKms local = LocalKms.open(store, LocalKmsOptions.builder().password(password.clone()).auditSync(AuditSync.OPERATING_SYSTEM)
                .build())) {
            CountingKms kms = new CountingKms(local);
            KeyStoreConfig config = KeyStoreConfig.local(store);
            values.add(config);
            KeyStore keyStore = KeyStore.getInstance("KMS", Messages.PROVIDER);
            keyStore.load(KmsLoadStoreParameter.of(config, kms));
            keyStore.setKeyEntry("secrets", KeyGenerator.getInstance("KMS", Messages.PROVIDER).generateKey(), null, null);
            KmsKey key = (KmsKey) keyStore.getKey("secrets", null);
            keyStore.setKeyEntry("other", KeyGenerator.getInstance("KMS", Messages.PROVIDER).generateKey(), null, null);
            KmsKey otherKey = (KmsKey) keyStore.getKey("other", null);
            values.add(key);
            values.add(key.engine());
            String arn = key.keyArns().get(0);

            byte[] plaintext = plaintext("KMS");
            EnvelopeParameterSpec spec = EnvelopeParameterSpec.builder().frameLength(64)
                    .encryptionContext(Map.of("purpose", "secrets")).build();
            byte[] cached = Messages.encrypt(key, spec, plaintext);
            assertArrayEquals(plaintext, Messages.decrypt(key, spec, cached));
            values.add(key.engine().cache().stats());

            // Without the cache, every data key KMS hands out is the provider's to zero once the message is done.
            EnvelopeParameterSpec uncached = spec.toBuilder().useCache(false).build();
            kms.reset();
            byte[] message = Messages.encrypt(key, uncached, plaintext);
            assertArrayEquals(plaintext, Messages.decrypt(key, uncached, message));
            assertEquals(2, kms.handed().size(), "one GenerateDataKey and one Decrypt");
            for (CountingKms.Handed h : kms.handed()) {
                assertTrue(isZero(h.handedOut()), h.operation() + ": the data key KMS returned was not zeroed");
            }
            failuresOf(key, otherKey, uncached, message);

            local.disableKey(arn);
            expectFailure("decrypt under a disabled key", () -> Messages.decrypt(key, uncached, message));
            expectFailure("encrypt under a disabled key", () -> Messages.encrypt(key, uncached, plaintext));
            local.enableKey(arn);
            expectFailure("discovery with the wrong context", () -> Messages.decrypt(key,
                    uncached.toBuilder().discovery(true).encryptionContext(Map.of("purpose", "x")).build(), message));

            // The engine's own values.
            DataKeyResult dataKey = kms.generateDataKey(arn, 32, Map.of("purpose", "direct"));
            values.add(dataKey);
            values.add(kms.decrypt(dataKey.ciphertextBlob(), arn, Map.of("purpose", "direct"),
                    EncryptionAlgorithm.SYMMETRIC_DEFAULT));
            values.add(kms.describeKey(arn));
            values.add(kms.listAliases(null, 100, null));
            values.add(kms.getKeyRotationStatus(arn));
            values.add(kms.encrypt(arn, marker.getBytes(StandardCharsets.UTF_8), Map.of(), null));
            values.add(new KmsKeyring(kms, arn, List.of()));
            values.add(AuditLog.verify(local.auditLogFile()));
            for (CountingKms.Handed h : kms.handed()) {
                scanner.secret("KMS data key or plaintext (" + h.operation() + ")", h.copy());
            }
        }
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
