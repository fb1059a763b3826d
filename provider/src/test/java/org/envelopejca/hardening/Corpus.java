package org.envelopejca.hardening;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.WrappingKey;
import org.envelopejca.keyring.RsaPadding;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.properties.Messages;
import org.envelopejca.properties.RsaKeys;

/**
 * Valid messages to mutate: every suite, raw AES keys of each size and RSA keys with two paddings, frame lengths
 * from 1 byte to 4 KiB, empty and non-empty contexts, and non-framed messages (written by the ESDK for Java, since
 * we never write them). Each sample has a twin: the same key and sizes, another data key and plaintext, for splices.
 */
final class Corpus {
    static final int[] FRAME_LENGTHS = {1, 7, 64, 4096};
    private static final Map<String, String> CONTEXT = Map.of("purpose", "hardening", "tenant", "7");

    /**
     * One valid message and how to read it.
     *
     * @param description suite, key kind, framing (never key bytes)
     * @param keySeed     the seed the AES key was made from (RSA keys are made per JVM)
     * @param key         the key that decrypts it
     * @param readSpec    the spec that decrypts it
     * @param plaintext   what it encrypts
     * @param message     the message
     * @param twin        another message of the same shape under the same key
     * @param twinPlaintext what the twin encrypts
     * @param fields      its layout
     */
    record Sample(String description, long keySeed, Key key, EnvelopeParameterSpec readSpec, byte[] plaintext,
            byte[] message, byte[] twin, byte[] twinPlaintext, MessageFields fields) {
    }

    private Corpus() {
    }

    static List<Sample> build(long seed) throws GeneralSecurityException {
        SplittableRandom random = new SplittableRandom(seed);
        List<Sample> samples = new ArrayList<>();
        String[] kinds = {"AES-256", "AES-128", "AES-192", "RSA-OAEP-SHA256", "RSA-PKCS1"};
        int k = 0;
        for (AlgorithmSuite suite : AlgorithmSuite.values()) {
            for (int frameLength : FRAME_LENGTHS) {
                // Two key kinds per suite and frame length, rotating through all kinds.
                for (int n = 0; n < 2; n++, k++) {
                    String kind = kinds[k % kinds.length];
                    samples.add(framed(suite, frameLength, kind, random.nextLong(), k % 3 == 0));
                }
            }
            samples.add(nonFramed(suite, random.nextLong()));
        }
        return List.copyOf(samples);
    }

    private static Sample framed(AlgorithmSuite suite, int frameLength, String kind, long seed, boolean emptyContext)
            throws GeneralSecurityException {
        SplittableRandom random = new SplittableRandom(seed);
        int plaintextLength = frameLength == 1 ? random.nextInt(0, 40)
                : random.nextInt(0, Math.min(3 * frameLength + 2, 5000));
        Map<String, String> context = emptyContext ? Map.of() : CONTEXT;
        Key encryptionKey;
        Key decryptionKey;
        EnvelopeParameterSpec.Builder write = Messages.writing(suite).frameLength(frameLength).encryptionContext(context);
        EnvelopeParameterSpec.Builder read = Messages.reading(suite).encryptionContext(context);
        if (kind.startsWith("AES")) {
            encryptionKey = aesKey(seed, Integer.parseInt(kind.substring(4)) / 8);
            decryptionKey = encryptionKey;
        } else {
            RsaPadding padding = kind.endsWith("PKCS1") ? RsaPadding.PKCS1 : RsaPadding.OAEP_SHA256_MGF1;
            encryptionKey = RsaKeys.first().getPublic();
            decryptionKey = RsaKeys.first().getPrivate();
            write.rsaPadding(padding);
            read.rsaPadding(padding);
        }
        byte[] plaintext = Messages.plaintext(seed + 1, plaintextLength);
        byte[] message = Messages.encrypt(encryptionKey, write.build(), plaintext);
        byte[] twinPlaintext = Messages.plaintext(seed + 2, plaintextLength);
        byte[] twin = Messages.encrypt(encryptionKey, write.build(), twinPlaintext);
        String description = suite + " " + kind + " frame " + frameLength + " plaintext " + plaintextLength
                + (emptyContext ? " empty context" : "");
        return new Sample(description, seed, decryptionKey, read.build(), plaintext, message, twin, twinPlaintext,
                MessageFields.of(message));
    }

    /**
     * Messages under a KMS key of a KeyStore (its aws-kms EDKs name the key's ARN): a committing and a v1 suite,
     * with and without a signature, frame lengths 1 and 64.
     */
    static List<Sample> kms(Key kmsKey, long seed) throws GeneralSecurityException {
        List<Sample> samples = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (AlgorithmSuite suite : List.of(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY,
                AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
                AlgorithmSuite.AES_256_GCM_IV12_TAG16_HKDF_SHA256, AlgorithmSuite.AES_128_GCM_IV12_TAG16_NO_KDF)) {
            for (int frameLength : new int[] {1, 64}) {
                long sampleSeed = random.nextLong();
                int plaintextLength = new SplittableRandom(sampleSeed).nextInt(0, 3 * frameLength + 20);
                EnvelopeParameterSpec write = Messages.writing(suite).frameLength(frameLength).encryptionContext(CONTEXT)
                        .build();
                byte[] plaintext = Messages.plaintext(sampleSeed + 1, plaintextLength);
                byte[] twinPlaintext = Messages.plaintext(sampleSeed + 2, plaintextLength);
                byte[] message = Messages.encrypt(kmsKey, write, plaintext);
                samples.add(new Sample(suite + " KMS frame " + frameLength + " plaintext " + plaintextLength, sampleSeed,
                        kmsKey, Messages.reading(suite).encryptionContext(CONTEXT).build(), plaintext, message,
                        Messages.encrypt(kmsKey, write, twinPlaintext), twinPlaintext, MessageFields.of(message)));
            }
        }
        return samples;
    }

    /** The ESDK for Java still writes non-framed messages when asked for frame size 0. */
    private static Sample nonFramed(AlgorithmSuite suite, long seed) {
        SecretKey key = aesKey(seed, 32);
        JceMasterKey masterKey = JceMasterKey.getInstance(key, WrappingKey.DEFAULT_NAMESPACE,
                WrappingKey.DEFAULT_NAME, "AES/GCM/NoPadding");
        AwsCrypto esdk = AwsCrypto.builder()
                .withCommitmentPolicy(suite.isCommitting() ? CommitmentPolicy.RequireEncryptRequireDecrypt
                        : CommitmentPolicy.ForbidEncryptAllowDecrypt)
                .withEncryptionAlgorithm(esdkAlgorithm(suite)).withEncryptionFrameSize(0).build();
        int plaintextLength = new SplittableRandom(seed).nextInt(0, 300);
        byte[] plaintext = Messages.plaintext(seed + 1, plaintextLength);
        byte[] message = esdk.encryptData(masterKey, plaintext, CONTEXT).getResult();
        byte[] twinPlaintext = Messages.plaintext(seed + 2, plaintextLength);
        byte[] twin = esdk.encryptData(masterKey, twinPlaintext, CONTEXT).getResult();
        return new Sample(suite + " AES-256 non-framed plaintext " + plaintextLength, seed, key,
                Messages.reading(suite).encryptionContext(CONTEXT).build(), plaintext, message, twin, twinPlaintext,
                MessageFields.of(message));
    }

    static SecretKey aesKey(long seed, int length) {
        return new SecretKeySpec(Messages.plaintext(seed, length), "AES");
    }

    private static CryptoAlgorithm esdkAlgorithm(AlgorithmSuite suite) {
        for (CryptoAlgorithm algorithm : CryptoAlgorithm.values()) {
            if (Short.toUnsignedInt(algorithm.getValue()) == suite.id()) {
                return algorithm;
            }
        }
        throw new AssertionError("the ESDK has no suite " + suite);
    }
}
