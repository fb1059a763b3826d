package org.envelopejca.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.MasterKeyProvider;
import com.amazonaws.encryptionsdk.ParsedCiphertext;
import com.amazonaws.encryptionsdk.exception.AwsCryptoException;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import com.amazonaws.encryptionsdk.model.KeyBlob;
import com.amazonaws.encryptionsdk.multi.MultipleProviderFactory;
import java.security.InvalidAlgorithmParameterException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.MalformedMessageException;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.properties.EnvelopeArbitraries;
import org.envelopejca.properties.Messages;
import org.envelopejca.properties.Rejections;

/**
 * Several wrapping keys, one encrypted data key each, both ways between us and the ESDK for Java; and the limit on
 * encrypted data keys (ours defaults to 16, the ESDK's to none) enforced the same way on both sides.
 */
class EsdkMultiKeyInteropProperties {

    @Property(tries = 15)
    void ourMessageOpensWithEachOfItsKeysInTheEsdk(@ForAll("keySets") List<InteropKey> keys,
            @ForAll("suites") AlgorithmSuite suite, @ForAll long seed) throws Exception {
        byte[] plaintext = Messages.plaintext(seed, 3000);
        InteropKey first = keys.get(0);
        EnvelopeParameterSpec.Builder spec = first.applyTo(Messages.writing(suite)).frameLength(1024);
        keys.subList(1, keys.size()).forEach(k -> spec.additionalKey(k.forEncryption()));
        byte[] message = Messages.encrypt(first.encryptionKey(), spec.build(), plaintext);

        List<KeyBlob> edks = new ParsedCiphertext(message).getEncryptedKeyBlobs();
        assertEquals(keys.size(), edks.size(), "one encrypted data key per wrapping key");
        assertEquals(keys.stream().map(InteropKey::namespace).sorted().toList(),
                edks.stream().map(KeyBlob::getProviderId).sorted().toList());

        for (InteropKey key : keys) {
            assertArrayEquals(plaintext, Esdk.reader(suite).decryptData(key.esdkMasterKey(), message).getResult(),
                    "the ESDK opens it with " + key + " alone");
        }
        InteropKey last = keys.get(keys.size() - 1);
        AwsCrypto atLimit = Esdk.reader(suite).toBuilder().withMaxEncryptedDataKeys(keys.size()).build();
        assertArrayEquals(plaintext, atLimit.decryptData(last.esdkMasterKey(), message).getResult());
        AwsCrypto belowLimit = Esdk.reader(suite).toBuilder().withMaxEncryptedDataKeys(keys.size() - 1).build();
        assertThrows(AwsCryptoException.class, () -> belowLimit.decryptData(last.esdkMasterKey(), message),
                "the ESDK counts more encrypted data keys than wrapping keys were given");
    }

    @Property(tries = 15)
    void esdkMessageOpensWithEachOfItsKeysInOurs(@ForAll("keySets") List<InteropKey> keys,
            @ForAll("suites") AlgorithmSuite suite, @ForAll long seed) throws Exception {
        byte[] plaintext = Messages.plaintext(seed, 3000);
        MasterKeyProvider<JceMasterKey> provider = multiProvider(keys);
        byte[] message = Esdk.writer(suite, 1024).encryptData(provider, plaintext).getResult();
        assertEquals(keys.size(), new ParsedCiphertext(message).getEncryptedKeyBlobCount());

        for (InteropKey key : keys) {
            assertArrayEquals(plaintext, Messages.decrypt(key.decryptionKey(), key.applyTo(Messages.reading(suite)).build(),
                    message), "we open it with " + key + " alone");
        }
        // Decryption tries every key it is given: an unrelated init key and the right one as an additional key.
        InteropKey right = keys.get(keys.size() - 1);
        EnvelopeParameterSpec withAdditional = Messages.reading(suite).keyNamespace("unrelated").keyName("unrelated")
                .additionalKey(right.forDecryption()).build();
        assertArrayEquals(plaintext, Messages.decrypt(new SecretKeySpec(Messages.plaintext(~seed, 32), "AES"),
                withAdditional, message));

        EnvelopeParameterSpec atLimit = right.applyTo(Messages.reading(suite)).maxEncryptedDataKeys(keys.size()).build();
        assertArrayEquals(plaintext, Messages.decrypt(right.decryptionKey(), atLimit, message));
        EnvelopeParameterSpec belowLimit = right.applyTo(Messages.reading(suite)).maxEncryptedDataKeys(keys.size() - 1).build();
        Throwable thrown = Rejections.assertDecryptionRejected(right.decryptionKey(), belowLimit, message,
                keys.size() + " encrypted data keys over a limit of " + (keys.size() - 1));
        assertEquals(MalformedMessageException.class, thrown.getClass(), "too many encrypted data keys is malformed");
    }

    /** Our default limit is 16 encrypted data keys; the ESDK writes any number. */
    @Example
    void ourDefaultLimitAcceptsSixteenAndRefusesSeventeenEsdkKeys() throws Exception {
        AlgorithmSuite suite = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
        List<InteropKey> keys = IntStream.range(0, 17)
                .mapToObj(i -> InteropKey.of(InteropKey.Kind.AES_256, i, "ns", "key-" + i)).toList();
        byte[] plaintext = Messages.plaintext(17, 100);
        byte[] sixteen = Esdk.writer(suite, 4096).encryptData(multiProvider(keys.subList(0, 16)), plaintext).getResult();
        byte[] seventeen = Esdk.writer(suite, 4096).encryptData(multiProvider(keys), plaintext).getResult();
        InteropKey key = keys.get(0);

        assertArrayEquals(plaintext, Messages.decrypt(key.decryptionKey(), key.applyTo(Messages.reading(suite)).build(), sixteen));
        Throwable thrown = Rejections.assertDecryptionRejected(key.decryptionKey(),
                key.applyTo(Messages.reading(suite)).build(), seventeen, "17 encrypted data keys under the default limit");
        assertEquals(MalformedMessageException.class, thrown.getClass());
        assertArrayEquals(plaintext, Messages.decrypt(key.decryptionKey(),
                key.applyTo(Messages.reading(suite)).maxEncryptedDataKeys(17).build(), seventeen));
    }

    /** Like the ESDK, the limit also holds on encryption: more wrapping keys than it allows is a bad spec. */
    @Example
    void ourEncryptionRefusesMoreWrappingKeysThanItsLimit() throws Exception {
        List<InteropKey> keys = IntStream.range(0, 3)
                .mapToObj(i -> InteropKey.of(InteropKey.Kind.AES_256, i, "ns", "key-" + i)).toList();
        EnvelopeParameterSpec spec = keys.get(0).applyTo(EnvelopeParameterSpec.builder()).maxEncryptedDataKeys(2)
                .additionalKey(keys.get(1).forEncryption()).additionalKey(keys.get(2).forEncryption()).build();
        Cipher cipher = Messages.newCipher();
        assertThrows(InvalidAlgorithmParameterException.class,
                () -> cipher.init(Cipher.ENCRYPT_MODE, keys.get(0).encryptionKey(), spec));

        // The ESDK agrees: the same limit, the same keys, no message.
        AwsCrypto esdk = AwsCrypto.builder().withMaxEncryptedDataKeys(2).build();
        assertThrows(AwsCryptoException.class, () -> esdk.encryptData(multiProvider(keys), new byte[10]));
    }

    private static MasterKeyProvider<JceMasterKey> multiProvider(List<InteropKey> keys) {
        List<JceMasterKey> masterKeys = new ArrayList<>();
        keys.forEach(k -> masterKeys.add(k.esdkMasterKey()));
        return MultipleProviderFactory.buildMultiProvider(JceMasterKey.class, masterKeys);
    }

    /** 2 to 4 keys of mixed kinds, each under its own name. */
    @Provide
    Arbitrary<List<InteropKey>> keySets() {
        return Arbitraries.of(InteropKey.Kind.class).list().ofMinSize(2).ofMaxSize(4).flatMap(kinds ->
                Arbitraries.longs().map(seed -> IntStream.range(0, kinds.size())
                        .mapToObj(i -> InteropKey.of(kinds.get(i), seed + i, "ns-" + i, "key-" + i)).toList()));
    }

    @Provide
    Arbitrary<AlgorithmSuite> suites() {
        return EnvelopeArbitraries.suites();
    }
}
