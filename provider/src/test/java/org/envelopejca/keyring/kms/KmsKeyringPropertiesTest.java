package org.envelopejca.keyring.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.message.AlgorithmSuite;

class KmsKeyringPropertiesTest {

    @Property(tries = 25)
    void anyConfiguredKeyAloneAndDiscoveryOpenWhatSeveralKeysWrote(@ForAll @IntRange(min = 1, max = 4) int keyCount,
                                                                   @ForAll("contexts") Map<String, String> context,
                                                                   @ForAll @IntRange(min = 0, max = 3000) int size,
                                                                   @ForAll boolean multiRegion) throws Exception {
        InMemoryKms kms = new InMemoryKms();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < keyCount; i++) {
            keys.add(multiRegion ? kms.createMultiRegionKey() : kms.createSymmetricKey());
        }
        byte[] plaintext = Messages.randomBytes(size);
        Messages.Encrypted message = Messages.encrypt(new KmsKeyring(kms, keys.get(0), keys.subList(1, keyCount)),
                AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, context, plaintext);
        assertEquals(keys, message.header().encryptedDataKeys().stream().map(EncryptedDataKey::providerInfoText).toList());

        for (String key : keys) {
            String configured = multiRegion ? kms.replicate(key, "eu-central-1") : key;
            assertArrayEquals(plaintext, Messages.decrypt(new KmsKeyring(kms, configured), message.bytes(), context));
        }
        String region = multiRegion ? "eu-central-1" : InMemoryKms.REGION;
        assertArrayEquals(plaintext, Messages.decrypt(new KmsDiscoveryKeyring(kms, null, region), message.bytes(), context));
        assertEquals(keyCount + 1, kms.decryptCalls.get(), "one Decrypt call per successful decryption");
    }

    @Provide
    Arbitrary<Map<String, String>> contexts() {
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().ofMaxLength(12)).ofMaxSize(4);
    }
}
