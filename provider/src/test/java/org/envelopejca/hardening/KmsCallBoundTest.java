package org.envelopejca.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyStore;
import java.util.SplittableRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import org.envelopejca.DataKeyUnavailableException;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.MalformedMessageException;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsKey;
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
 * A message may name up to 65 535 encrypted data keys; each one the reader hands to KMS costs a call. Decrypting
 * with a KMS key of a KeyStore over a counting engine: EDKs of other keys cost nothing with a strict handle, each
 * EDK costs at most one Decrypt with discovery, and the default limit of 16 EDKs refuses bigger headers before any
 * call. Scaled by {@code hardening.kmsMessages} and {@code hardening.discoveryEdks}.
 */
class KmsCallBoundTest {
    private static final int MAX_EDKS = 65_535;
    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "111122223333";

    @TempDir
    Path dir;

    private LocalKms local;
    private CountingKms kms;
    private KmsKey key;

    @BeforeEach
    void setUp() throws Exception {
        local = LocalKms.open(dir, LocalKmsOptions.builder().auditSync(AuditSync.OPERATING_SYSTEM).build());
        kms = new CountingKms(local);
        KeyStore store = KeyStore.getInstance("KMS", Messages.PROVIDER);
        store.load(KmsLoadStoreParameter.of(KeyStoreConfig.local(dir), kms));
        store.setKeyEntry("bounded", KeyGenerator.getInstance("KMS", Messages.PROVIDER).generateKey(), null, null);
        key = (KmsKey) store.getKey("bounded", null);
        kms.reset();
    }

    @AfterEach
    void tearDown() throws Exception {
        local.close();
    }

    private Throwable decrypt(byte[] header, EnvelopeParameterSpec spec) throws Exception {
        Cipher cipher = Messages.newCipher();
        cipher.init(Cipher.DECRYPT_MODE, key, spec);
        return assertThrows(Exception.class, () -> cipher.doFinal(header));
    }

    private static EnvelopeParameterSpec.Builder allowingAll() {
        return EnvelopeParameterSpec.builder().maxEncryptedDataKeys(MAX_EDKS);
    }

    @Test
    void strictHandleSpendsNoCallOnEdksOfOtherKeys() throws Exception {
        byte[] header = AwsKmsHeaders.header(MAX_EDKS, i -> AwsKmsHeaders.absentKeyArn(REGION, ACCOUNT, i), 1);
        Throwable t = decrypt(header, allowingAll().build());
        assertInstanceOf(DataKeyUnavailableException.class, t);
        assertEquals(0, kms.totalCalls(), "KMS calls for 65 535 EDKs of other keys");
    }

    @Test
    void strictHandleSpendsOneCallPerEdkOfItsOwnKey() throws Exception {
        String own = key.keyArns().get(0);
        int ownEdks = 5;
        // Five EDKs name the handle's key (with ciphertext KMS cannot open) among 65 535.
        byte[] header = AwsKmsHeaders.header(MAX_EDKS,
                i -> i % 13_107 == 0 ? own : AwsKmsHeaders.absentKeyArn(REGION, ACCOUNT, i), 2);
        Throwable t = decrypt(header, allowingAll().build());
        assertInstanceOf(AEADBadTagException.class, t);
        assertTrue(kms.totalCalls() <= ownEdks, "KMS calls: " + kms.totalCalls());
        assertEquals(kms.totalCalls(), kms.calls("Decrypt"));
        System.out.println("HARDENING-KMS strict edks=" + MAX_EDKS + " own=" + ownEdks + " calls=" + kms.totalCalls());
    }

    @Test
    void discoverySpendsAtMostOneCallPerEdk() throws Exception {
        // Every EDK names an absent key in the engine's region, so discovery tries each: 65 535 calls in the stress
        // profile, fewer by default (each call is a real call of the embedded engine).
        int edks = Scale.intOf("hardening.discoveryEdks", 4096);
        byte[] header = AwsKmsHeaders.header(edks, i -> AwsKmsHeaders.absentKeyArn(REGION, ACCOUNT, i), 3);
        Throwable t = decrypt(header, allowingAll().discovery(true).build());
        assertInstanceOf(AEADBadTagException.class, t);
        assertTrue(kms.calls("Decrypt") <= edks, "Decrypt calls: " + kms.calls("Decrypt"));
        assertEquals(kms.calls("Decrypt"), kms.totalCalls());
        System.out.println("HARDENING-KMS discovery edks=" + edks + " calls=" + kms.totalCalls());
    }

    @Test
    void theDefaultLimitRefusesAHugeHeaderBeforeAnyCall() throws Exception {
        byte[] header = AwsKmsHeaders.header(MAX_EDKS, i -> key.keyArns().get(0), 4);
        for (EnvelopeParameterSpec spec : new EnvelopeParameterSpec[] {EnvelopeParameterSpec.defaults(),
            EnvelopeParameterSpec.builder().discovery(true).build()}) {
            assertInstanceOf(MalformedMessageException.class, decrypt(header, spec));
        }
        assertEquals(0, kms.totalCalls());
    }

    /**
     * Many hostile messages with the default limit, in discovery mode (the most calls an EDK can cost): each costs
     * at most 16 Decrypt calls, and one naming more than 16 EDKs costs none.
     */
    @Test
    void manyMessagesCostAtMostSixteenCallsEach() throws Exception {
        int messages = Scale.intOf("hardening.kmsMessages", 2000);
        EnvelopeParameterSpec spec = EnvelopeParameterSpec.builder().discovery(true).build();
        String own = key.keyArns().get(0);
        byte[] huge = AwsKmsHeaders.header(MAX_EDKS, i -> own, 5);
        SplittableRandom random = new SplittableRandom(6);
        Cipher cipher = Messages.newCipher();
        long maxPerMessage = 0;
        long total = 0;
        for (int m = 0; m < messages; m++) {
            int count = switch (random.nextInt(4)) {
                case 0 -> 16;
                case 1 -> 1 + random.nextInt(16);
                case 2 -> 17 + random.nextInt(48);
                default -> MAX_EDKS;
            };
            byte[] header = count == MAX_EDKS ? huge : AwsKmsHeaders.header(count,
                    i -> random.nextBoolean() ? own : AwsKmsHeaders.absentKeyArn(REGION, ACCOUNT, i), m);
            long before = kms.totalCalls();
            cipher.init(Cipher.DECRYPT_MODE, key, spec);
            Throwable t = assertThrows(Exception.class, () -> cipher.doFinal(header));
            long calls = kms.totalCalls() - before;
            if (count > EnvelopeParameterSpec.DEFAULT_MAX_ENCRYPTED_DATA_KEYS) {
                assertInstanceOf(MalformedMessageException.class, t);
                assertEquals(0, calls, "calls for a header of " + count + " EDKs");
            } else {
                assertInstanceOf(AEADBadTagException.class, t);
                assertTrue(calls <= count, calls + " calls for " + count + " EDKs");
            }
            maxPerMessage = Math.max(maxPerMessage, calls);
            total += calls;
        }
        assertTrue(maxPerMessage <= 16);
        assertTrue(total <= 16L * messages);
        System.out.println("HARDENING-KMS messages=" + messages + " calls=" + total + " maxPerMessage=" + maxPerMessage);
    }
}
