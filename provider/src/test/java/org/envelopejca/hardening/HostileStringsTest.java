package org.envelopejca.hardening;

import static org.envelopejca.hardening.HostileHeaders.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.hardening.HostileHeaders.Edk;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsLoadStoreParameter;
import org.envelopejca.kms.local.AuditSync;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.envelopejca.properties.Messages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile message whose provider IDs, provider info (key names, key ARNs) and encryption context carry terminal
 * escape sequences (ESC [, OSC 52 ending in BEL), NUL, CR, LF and U+202E: no exception thrown on reading it, nor any
 * of its causes (or suppressed ones), has a raw control or bidirectional-format character in its message.
 */
class HostileStringsTest {
    static final String HOSTILE = HostileHeaders.HOSTILE;
    /** The same without colons, so that it stays inside one field of a key ARN. */
    static final String HOSTILE_FIELD = HOSTILE.replace(":", "");
    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "111122223333";

    @TempDir
    Path dir;

    private LocalKms local;
    private Key kmsKey;

    @BeforeEach
    void setUp() throws Exception {
        local = LocalKms.open(dir, LocalKmsOptions.builder().auditSync(AuditSync.OPERATING_SYSTEM).build());
        KeyStore store = KeyStore.getInstance("KMS", Messages.PROVIDER);
        store.load(KmsLoadStoreParameter.of(KeyStoreConfig.local(dir), local));
        store.setKeyEntry("k", KeyGenerator.getInstance("KMS", Messages.PROVIDER).generateKey(), null, null);
        kmsKey = store.getKey("k", null);
    }

    @AfterEach
    void tearDown() throws Exception {
        local.close();
    }

    @Test
    void rawKeyReadingHostileProviderIdsAndInfo() throws Exception {
        byte[] message = header(List.of(
                new Edk(HOSTILE, HOSTILE.getBytes(StandardCharsets.UTF_8)),
                new Edk("ns" + HOSTILE, ("name" + HOSTILE).getBytes(StandardCharsets.UTF_8))));
        List<Throwable> thrown = readAllWays(new SecretKeySpec(new byte[32], "AES"),
                EnvelopeParameterSpec.defaults(), message);
        assertClean(thrown);
    }

    @Test
    void kmsKeyReadingHostileKeyArns() throws Exception {
        List<Edk> edks = new ArrayList<>();
        edks.add(new Edk("aws-kms", ("arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + HOSTILE_FIELD).getBytes(StandardCharsets.UTF_8)));
        edks.add(new Edk("aws-kms", ("arn:aws:kms:" + REGION + ":" + ACCOUNT + ":alias/" + HOSTILE_FIELD).getBytes(StandardCharsets.UTF_8)));
        edks.add(new Edk("aws-kms", ("arn:aws:kms:" + REGION + HOSTILE_FIELD + ":" + ACCOUNT + ":key/x").getBytes(StandardCharsets.UTF_8)));
        edks.add(new Edk("aws-kms", HOSTILE.getBytes(StandardCharsets.UTF_8)));
        byte[] message = header(edks);
        List<Throwable> thrown = new ArrayList<>();
        // Strict (the handle's own key only) and discovery (every ARN of the engine's region is tried).
        thrown.addAll(readAllWays(kmsKey, EnvelopeParameterSpec.defaults(), message));
        // Discovery stops at the first EDK that is not a key ARN: here only key ARNs, one of another region.
        thrown.addAll(readAllWays(kmsKey, EnvelopeParameterSpec.builder().discovery(true).build(),
                header(List.of(edks.get(0), edks.get(2)))));
        assertClean(thrown);
    }

    /** Reads the message through one doFinal and through update: returns what was thrown. */
    private static List<Throwable> readAllWays(Key key, EnvelopeParameterSpec spec, byte[] message) throws Exception {
        List<Throwable> thrown = new ArrayList<>();
        Cipher cipher = Messages.newCipher();
        cipher.init(Cipher.DECRYPT_MODE, key, spec);
        thrown.add(assertThrows(Exception.class, () -> cipher.doFinal(message)));
        cipher.init(Cipher.DECRYPT_MODE, key, spec);
        thrown.add(assertThrows(Exception.class, () -> {
            cipher.update(message);
            cipher.doFinal();
        }));
        return thrown;
    }

    static void assertClean(List<Throwable> thrown) {
        List<String> messages = new ArrayList<>();
        for (Throwable t : thrown) {
            collect(t, messages, 0);
        }
        assertTrue(messages.size() >= thrown.size());
        for (String m : messages) {
            assertEquals(-1, firstRaw(m), () -> "raw control character at " + firstRaw(m) + " in: "
                    + m.replaceAll("\\p{Cntrl}", "<CTRL>").replace("\u202E", "<RLO>"));
        }
        System.out.println("HARDENING-STRINGS exceptions=" + thrown.size() + " messages=" + messages.size()
                + " rawControls=0; e.g. " + messages.get(0).substring(0, Math.min(200, messages.get(0).length())));
    }

    private static void collect(Throwable t, List<String> messages, int depth) {
        if (t == null || depth > 20) {
            return;
        }
        messages.add(String.valueOf(t.getMessage()));
        messages.add(t.toString());
        for (Throwable s : t.getSuppressed()) {
            collect(s, messages, depth + 1);
        }
        collect(t.getCause(), messages, depth + 1);
    }

    /** Index of the first control, format (bidi), line or paragraph separator character, or -1. */
    static int firstRaw(String s) {
        for (int i = 0; i < s.length(); i++) {
            int type = Character.getType(s.charAt(i));
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                return i;
            }
        }
        return -1;
    }
}
