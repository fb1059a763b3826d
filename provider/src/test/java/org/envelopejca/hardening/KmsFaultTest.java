package org.envelopejca.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import org.envelopejca.EnvelopeDecryptionException;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.KmsOperationException;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.keystore.KmsLoadStoreParameter;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.local.AuditSync;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.envelopejca.message.MessageHeader;
import org.envelopejca.properties.Messages;
import org.envelopejca.hardening.FaultInjectingKms.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KMS failing at the {@code Kms} interface, under a KeyStore loaded with {@code KmsLoadStoreParameter.of(config,
 * kms)}: the data key cannot be generated, wrapped or unwrapped, or KMS answers with something unusable. Encrypt then
 * emits nothing, so every message it does emit has a recoverable data key; decrypt releases nothing before the data
 * key is unwrapped and asks KMS nothing after; the provider itself never retries (one call per attempt: retrying is
 * the engine's job, bounded by its configuration).
 */
class KmsFaultTest {
    private static final Map<String, String> CONTEXT = Map.of("purpose", "kms faults");
    private static final long TIMEOUT_DELAY_MILLIS = 200;
    private static final int FRAME = 4096;

    @TempDir
    Path dir;

    private LocalKms local;
    private FaultInjectingKms faults;
    private KmsKey first;
    private KmsKey second;
    private KmsKey both;

    @BeforeEach
    void open() throws Exception {
        local = LocalKms.open(dir, LocalKmsOptions.builder().auditSync(AuditSync.OPERATING_SYSTEM).build());
        faults = new FaultInjectingKms(local, TIMEOUT_DELAY_MILLIS);
        Properties props = new Properties();
        props.setProperty("local.path", dir.toString());
        props.setProperty("cache.enabled", "false");
        KeyStoreConfig config = KeyStoreConfig.parse(props);
        KeyStore store = KeyStore.getInstance("KMS", Messages.PROVIDER);
        store.load(KmsLoadStoreParameter.of(config, faults.kms()));
        store.setKeyEntry("first", KeyGenerator.getInstance("KMS", Messages.PROVIDER).generateKey(), null, null);
        store.setKeyEntry("second", KeyGenerator.getInstance("KMS", Messages.PROVIDER).generateKey(), null, null);
        first = (KmsKey) store.getKey("first", null);
        second = (KmsKey) store.getKey("second", null);
        KeyStore twoKeys = KeyStore.getInstance("KMS", Messages.PROVIDER);
        twoKeys.load(KmsLoadStoreParameter.of(config.withStaticAliases(Map.of("alias/both",
                List.of(first.keyArns().get(0), second.keyArns().get(0)))), faults.kms()));
        both = (KmsKey) twoKeys.getKey("alias/both", null);
        faults.resetCalls();
    }

    @AfterEach
    void close() throws Exception {
        local.close();
    }

    private static EnvelopeParameterSpec spec() {
        return EnvelopeParameterSpec.builder().encryptionContext(CONTEXT).frameLength(FRAME).build();
    }

    /** What one encryption attempt under a fault gave: the message, or null and the failure. */
    private record Attempt(String fault, byte[] message, Throwable failure) {
    }

    /**
     * Init, then (whatever init did) doFinal: a Cipher whose init failed must not produce a message either. Returns
     * the bytes emitted, if any.
     */
    private static Attempt encrypt(String fault, KmsKey key, byte[] plaintext) {
        Cipher c = Messages.newCipher();
        Throwable failure = null;
        try {
            c.init(Cipher.ENCRYPT_MODE, key, spec());
        } catch (GeneralSecurityException | RuntimeException e) {
            failure = e;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            byte[] head = c.update(plaintext, 0, plaintext.length / 2);
            if (head != null) {
                out.writeBytes(head);
            }
            out.writeBytes(c.doFinal(plaintext, plaintext.length / 2, plaintext.length - plaintext.length / 2));
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Attempt(fault, out.size() == 0 ? null : out.toByteArray(), failure == null ? e : failure);
        }
        return new Attempt(fault, out.toByteArray(), failure);
    }

    @Test
    void encryptEmitsNothingWhenTheDataKeyCannotBeObtainedOrWrapped() throws Exception {
        List<Attempt> attempts = encryptUnderFaults(
                List.of(Fault.FAIL, Fault.TIMEOUT, Fault.SHORT_PLAINTEXT, Fault.NO_PLAINTEXT, Fault.INVALID_ARN,
                        Fault.OTHER_KEY),
                List.of(Fault.FAIL, Fault.TIMEOUT, Fault.INVALID_ARN, Fault.OTHER_KEY));
        // The transport-like faults surface as KmsOperationException with their code.
        assertKmsFailure(attempts.get(0), KmsErrorCode.INTERNAL);
        assertKmsFailure(attempts.get(1), KmsErrorCode.UNAVAILABLE);
        assertKmsFailure(attempts.get(6), KmsErrorCode.INTERNAL);
        assertKmsFailure(attempts.get(7), KmsErrorCode.UNAVAILABLE);
    }

    /**
     * An engine answering GenerateDataKey or Encrypt with an empty ciphertext blob: the provider writes the message
     * with an EDK of length 0, which no KMS can decrypt (AWS KMS refuses a CiphertextBlob shorter than 1 byte), so
     * its data key is lost. Enable once the KMS keyring refuses an empty blob.
     */
    @Test
    void encryptEmitsNothingWhenKmsAnswersAnEmptyCiphertextBlob() throws Exception {
        encryptUnderFaults(List.of(Fault.EMPTY_BLOB), List.of(Fault.EMPTY_BLOB));
    }

    /**
     * One encryption per fault: GenerateDataKey under the faults {@code generate} (one key), then Encrypt under the
     * second key under the faults {@code wrap} (two keys; the data key comes from the first). Checks that each is
     * refused with no byte emitted, with exactly one KMS call of the faulty operation, and that any message that was
     * emitted decrypts under each of its keys once the fault is gone.
     */
    private List<Attempt> encryptUnderFaults(List<Fault> generate, List<Fault> wrap) throws Exception {
        byte[] plaintext = Messages.plaintext(11, 3 * FRAME + 5);
        List<Attempt> attempts = new ArrayList<>();
        for (Fault fault : generate) {
            attempts.add(attempt("generateDataKey", fault, first, plaintext));
        }
        for (Fault fault : wrap) {
            attempts.add(attempt("encrypt", fault, both, plaintext));
        }
        // Every message that was emitted under a fault decrypts once the fault is gone, under each of its keys.
        faults.clearFaults();
        List<String> unrecoverable = new ArrayList<>();
        for (Attempt a : attempts) {
            if (a.message() == null) {
                continue;
            }
            for (KmsKey key : List.of(first, second)) {
                boolean carriesKey = MessageHeader.read(new ByteArrayInputStream(a.message()), 16).encryptedDataKeys()
                        .stream().anyMatch(edk -> edk.providerInfoText().equals(key.keyArns().get(0)));
                if (!carriesKey) {
                    continue;
                }
                try {
                    assertArrayEquals(plaintext, Messages.decrypt(key, spec(), a.message()), a.fault());
                } catch (GeneralSecurityException | RuntimeException e) {
                    unrecoverable.add(a.fault() + " under " + key.keyArns().get(0) + ": " + e);
                }
            }
        }
        List<String> emitted = attempts.stream().filter(a -> a.message() != null).map(Attempt::fault).toList();
        System.out.println("HARDENING-KMS-FAULTS encryptAttempts=" + attempts.size() + " refused="
                + (attempts.size() - emitted.size()) + " emitted=" + emitted.size() + " unrecoverable="
                + unrecoverable.size());
        assertEquals(List.of(), unrecoverable, "emitted messages whose data key cannot be recovered");
        assertEquals(List.of(), emitted, "faults under which a message was emitted");
        return attempts;
    }

    private Attempt attempt(String operation, Fault fault, KmsKey key, byte[] plaintext) {
        faults.clearFaults();
        faults.inject(operation, fault);
        int before = faults.calls(operation);
        Attempt a = encrypt(operation + " " + fault, key, plaintext);
        assertNotNull(a.failure(), a.fault());
        // The provider does not retry on its own: retrying is the engine's job.
        assertEquals(1, faults.calls(operation) - before, a.fault() + ": KMS calls");
        return a;
    }

    private static void assertKmsFailure(Attempt a, KmsErrorCode code) {
        KmsOperationException e = assertInstanceOf(KmsOperationException.class, a.failure(), a.fault());
        assertEquals(code, e.code(), a.fault());
        assertEquals(null, a.message(), a.fault());
    }

    /** Streams {@code message} into a decrypting Cipher in chunks; the plaintext released goes to {@code out}. */
    private static void streamDecrypt(Cipher c, byte[] message, int chunk, ByteArrayOutputStream out)
            throws GeneralSecurityException {
        for (int off = 0; off < message.length; off += chunk) {
            byte[] part = c.update(message, off, Math.min(chunk, message.length - off));
            if (part != null) {
                out.writeBytes(part);
            }
        }
        out.writeBytes(c.doFinal());
    }

    @Test
    void decryptAsksKmsOnlyAtTheHeaderSoAFaultMidStreamChangesNothing() throws Exception {
        byte[] plaintext = Messages.plaintext(12, 64 * FRAME + 17);
        byte[] message = Messages.encrypt(first, spec(), plaintext);
        faults.resetCalls();
        // Every Decrypt after the first (the header's) fails: none may come.
        faults.injectAfter("decrypt", Fault.FAIL, 1);
        Cipher c = Messages.newCipher();
        c.init(Cipher.DECRYPT_MODE, first, spec());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        streamDecrypt(c, message, 1000, out);
        assertArrayEquals(plaintext, out.toByteArray());
        assertEquals(1, faults.calls("decrypt"), "one Decrypt, at the header, for " + (64 + 1) + " frames");
        assertEquals(0, faults.calls("generateDataKey") + faults.calls("encrypt"));
    }

    @Test
    void decryptReleasesNothingWhenTheDataKeyCannotBeUnwrapped() throws Exception {
        byte[] plaintext = Messages.plaintext(13, 16 * FRAME + 3);
        byte[] message = Messages.encrypt(first, spec(), plaintext);
        byte[] twoEdks = Messages.encrypt(both, spec(), plaintext);
        int cases = 0;
        for (Fault fault : List.of(Fault.FAIL, Fault.TIMEOUT, Fault.SHORT_PLAINTEXT, Fault.NO_PLAINTEXT,
                Fault.INVALID_ARN, Fault.OTHER_KEY, Fault.FLIPPED_PLAINTEXT)) {
            for (boolean streaming : new boolean[] {true, false}) {
                faults.clearFaults();
                faults.inject("decrypt", fault);
                faults.resetCalls();
                Cipher c = Messages.newCipher();
                c.init(Cipher.DECRYPT_MODE, first, spec());
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Throwable failure = null;
                try {
                    if (streaming) {
                        streamDecrypt(c, message, 777, out);
                    } else {
                        out.writeBytes(c.doFinal(message));
                    }
                    fail("decrypt succeeded under Decrypt fault " + fault);
                } catch (GeneralSecurityException | RuntimeException e) {
                    failure = e;
                }
                cases++;
                assertEquals(0, out.size(), fault + ": plaintext released without a data key");
                assertEquals(1, faults.calls("decrypt"), fault + ": one Decrypt for the one EDK, no retry");
                Throwable cause = failure instanceof EnvelopeDecryptionException ? failure.getCause() : failure;
                switch (fault) {
                    case FAIL -> assertEquals(KmsErrorCode.INTERNAL,
                            assertInstanceOf(KmsOperationException.class, cause, fault.name()).code());
                    case TIMEOUT -> assertEquals(KmsErrorCode.UNAVAILABLE,
                            assertInstanceOf(KmsOperationException.class, cause, fault.name()).code());
                    default -> assertInstanceOf(AEADBadTagException.class, cause, fault + ": " + failure);
                }
            }
        }
        // Two EDKs: both Decrypts failing, one call per EDK and the failure; the first failing, the second opens it.
        faults.clearFaults();
        faults.resetCalls();
        faults.inject("decrypt", Fault.FAIL);
        KmsOperationException bothFail = assertThrows(KmsOperationException.class,
                () -> Messages.decrypt(both, spec(), twoEdks));
        assertEquals(KmsErrorCode.INTERNAL, bothFail.code());
        assertEquals(2, faults.calls("decrypt"), "one Decrypt per EDK");
        faults.clearFaults();
        faults.resetCalls();
        faults.injectOnce("decrypt", Fault.FAIL);
        assertArrayEquals(plaintext, Messages.decrypt(both, spec(), twoEdks));
        assertEquals(2, faults.calls("decrypt"), "the failed EDK is not retried; the next one is asked once");

        // The fault gone, the same message decrypts whole.
        faults.clearFaults();
        assertArrayEquals(plaintext, Messages.decrypt(first, spec(), message));
        System.out.println("HARDENING-KMS-FAULTS decryptCases=" + cases + " plaintextReleased=0");
    }

    @Test
    void aFailedInitLeavesNoUsableEncryptor() throws Exception {
        Cipher c = Messages.newCipher();
        c.init(Cipher.ENCRYPT_MODE, first, spec());
        faults.resetCalls();
        faults.inject("generateDataKey", Fault.FAIL);
        assertThrows(KmsOperationException.class, () -> c.init(Cipher.ENCRYPT_MODE, first, spec()));
        // A failed re-init leaves the Cipher uninitialized (JCA), not on its previous data key: nothing is written.
        assertThrows(IllegalStateException.class, () -> c.update(new byte[10]));
        assertThrows(IllegalStateException.class, () -> c.doFinal(new byte[10]));
        assertEquals(1, faults.calls("generateDataKey"), "one GenerateDataKey, no retry by the provider");
        // KMS back: the same Cipher, initialized again, writes a message that decrypts.
        faults.clearFaults();
        c.init(Cipher.ENCRYPT_MODE, first, spec());
        byte[] plaintext = Messages.plaintext(14, 100);
        assertArrayEquals(plaintext, Messages.decrypt(first, spec(), c.doFinal(plaintext)));
    }
}
