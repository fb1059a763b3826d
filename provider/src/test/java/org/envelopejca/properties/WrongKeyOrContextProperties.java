package org.envelopejca.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.security.Key;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.keyring.RsaPadding;
import org.envelopejca.message.AlgorithmSuite;

/** A message opens only with its key (under its namespace, name and padding) and its encryption context. */
class WrongKeyOrContextProperties {

    enum Mistake {
        OTHER_AES_KEY, SHORTER_AES_KEY, OTHER_NAMESPACE, OTHER_NAME, OTHER_RSA_KEY, OTHER_RSA_PADDING
    }

    @Property(tries = 60)
    void theWrongKeyIsRejected(@ForAll("suites") AlgorithmSuite suite, @ForAll Mistake mistake, @ForAll long seed)
            throws Exception {
        boolean rsa = mistake == Mistake.OTHER_RSA_KEY || mistake == Mistake.OTHER_RSA_PADDING;
        SecretKeySpec aesKey = new SecretKeySpec(Messages.plaintext(seed, 32), "AES");
        Key encryptionKey = rsa ? RsaKeys.first().getPublic() : aesKey;
        Key rightDecryptionKey = rsa ? RsaKeys.first().getPrivate() : aesKey;
        RsaPadding padding = RsaPadding.OAEP_SHA256_MGF1;
        byte[] plaintext = Messages.plaintext(seed + 1, 100);
        byte[] message = Messages.encrypt(encryptionKey, Messages.writing(suite).frameLength(64)
                .keyNamespace("ns").keyName("name").rsaPadding(padding).build(), plaintext);
        EnvelopeParameterSpec.Builder read = Messages.reading(suite).keyNamespace("ns").keyName("name").rsaPadding(padding);

        // The right key opens it, so the failures below are the mistake's doing.
        assertArrayEquals(plaintext, Messages.decrypt(rightDecryptionKey, read.build(), message));

        Key key = switch (mistake) {
            case OTHER_AES_KEY -> new SecretKeySpec(Messages.plaintext(seed + 2, 32), "AES");
            case SHORTER_AES_KEY -> new SecretKeySpec(Messages.plaintext(seed, 16), "AES");
            case OTHER_RSA_KEY -> RsaKeys.second().getPrivate();
            default -> rightDecryptionKey;
        };
        switch (mistake) {
            case OTHER_NAMESPACE -> read.keyNamespace("ns2");
            case OTHER_NAME -> read.keyName("name2");
            case OTHER_RSA_PADDING -> read.rsaPadding(RsaPadding.OAEP_SHA1_MGF1);
            default -> { }
        }
        Throwable thrown = Rejections.assertDecryptionRejected(key, read.build(), message, mistake.toString());
        assertInstanceOf(AEADBadTagException.class, thrown, "a wrong key is an authentication failure");
    }

    enum ContextMistake {
        CHANGED_VALUE, ADDED_ENTRY, RENAMED_KEY
    }

    @Property(tries = 60)
    void theWrongExpectedContextIsRejected(@ForAll("suites") AlgorithmSuite suite, @ForAll("contexts") Map<String, String> context,
            @ForAll ContextMistake mistake, @ForAll("keys") TestKey key, @ForAll long seed) throws Exception {
        byte[] plaintext = Messages.plaintext(seed, 50);
        byte[] message = Messages.encrypt(key.encryptionKey(),
                key.applyTo(Messages.writing(suite)).frameLength(32).encryptionContext(context).build(), plaintext);
        assertArrayEquals(plaintext, Messages.decrypt(key.decryptionKey(),
                key.applyTo(Messages.reading(suite)).encryptionContext(context).build(), message));

        Map<String, String> wrong = new HashMap<>(context);
        String someKey = context.keySet().iterator().next();
        switch (mistake) {
            case CHANGED_VALUE -> wrong.put(someKey, context.get(someKey) + "x");
            case ADDED_ENTRY -> wrong.put("not-stored-" + seed, "value");
            case RENAMED_KEY -> wrong.put(someKey + "x", wrong.remove(someKey));
        }
        Throwable thrown = Rejections.assertDecryptionRejected(key.decryptionKey(),
                key.applyTo(Messages.reading(suite)).encryptionContext(wrong).build(), message, mistake.toString());
        assertInstanceOf(AEADBadTagException.class, thrown, "a wrong context is an authentication failure");
    }

    @Provide
    Arbitrary<AlgorithmSuite> suites() {
        return EnvelopeArbitraries.suites();
    }

    @Provide
    Arbitrary<Map<String, String>> contexts() {
        return EnvelopeArbitraries.contexts().filter(c -> !c.isEmpty());
    }

    @Provide
    Arbitrary<TestKey> keys() {
        return Arbitraries.oneOf(EnvelopeArbitraries.aesKeys().map(TestKey::aes),
                Arbitraries.just(TestKey.rsa(RsaKeys.first(), RsaPadding.OAEP_SHA256_MGF1)));
    }
}
