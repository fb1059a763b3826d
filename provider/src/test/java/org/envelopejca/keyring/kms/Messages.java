package org.envelopejca.keyring.kms;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import org.envelopejca.keyring.Keyring;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.message.CommitmentPolicy;
import org.envelopejca.message.DecryptionSettings;
import org.envelopejca.message.EncryptionSettings;
import org.envelopejca.message.MessageDecryptor;
import org.envelopejca.message.MessageEncryptor;
import org.envelopejca.message.MessageException;
import org.envelopejca.message.MessageHeader;

/** Whole-message encryption and decryption through the real message layer, for keyring tests. */
public final class Messages {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Messages() {
    }

    /** An encrypted message and the header it was written with. */
    public record Encrypted(byte[] bytes, MessageHeader header) {
    }

    public static Encrypted encrypt(Keyring keyring, AlgorithmSuite suite, Map<String, String> context, byte[] plaintext)
            throws MessageException {
        EncryptionSettings settings = new EncryptionSettings(suite, 1024, context, Map.of(), policy(suite), 16);
        MessageEncryptor encryptor = new MessageEncryptor(settings, keyring, RANDOM);
        encryptor.start();
        byte[] out = new byte[Math.toIntExact(encryptor.maxOutputLength(plaintext.length, true))];
        int n = encryptor.finish(plaintext, 0, plaintext.length, out, 0);
        return new Encrypted(Arrays.copyOf(out, n), encryptor.header());
    }

    public static byte[] encryptBytes(Keyring keyring, AlgorithmSuite suite, Map<String, String> context, byte[] plaintext)
            throws MessageException {
        return encrypt(keyring, suite, context, plaintext).bytes();
    }

    public static byte[] decrypt(Keyring keyring, byte[] message, Map<String, String> expectedContext) throws MessageException {
        DecryptionSettings settings = new DecryptionSettings(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT, 16, expectedContext);
        MessageDecryptor decryptor = new MessageDecryptor(settings, keyring);
        byte[] out = new byte[Math.toIntExact(decryptor.maxOutputLength(message.length))];
        int n = decryptor.finish(message, 0, message.length, out, 0);
        return Arrays.copyOf(out, n);
    }

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static CommitmentPolicy policy(AlgorithmSuite suite) {
        return suite.isCommitting() ? CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT : CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT;
    }
}
