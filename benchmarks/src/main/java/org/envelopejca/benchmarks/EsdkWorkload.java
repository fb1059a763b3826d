package org.envelopejca.benchmarks;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import java.security.GeneralSecurityException;
import java.util.Map;

/**
 * The same message shape through the AWS Encryption SDK for Java: the same suite, frame length, encryption context
 * and AES-256 wrapping key (a {@code JceMasterKey} with {@code AES/GCM/NoPadding}, the ESDK's raw AES keyring).
 * The ESDK has no API that writes into a caller's buffer, so its figures include the output array it allocates
 * per message, as they do for its applications.
 */
final class EsdkWorkload implements Workload {
    private static final Map<String, String> CONTEXT = Map.of("purpose", "benchmark");

    private final AwsCrypto crypto;
    private final JceMasterKey masterKey;
    private final byte[] plaintext;
    private final byte[] message;

    EsdkWorkload(int messageSize, int frameLength, int suiteId) {
        this.crypto = AwsCrypto.builder()
                .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
                .withEncryptionAlgorithm(suite(suiteId))
                .withEncryptionFrameSize(frameLength)
                .build();
        this.masterKey = JceMasterKey.getInstance(Inputs.aes256Key(), "envelope", "default", "AES/GCM/NoPadding");
        this.plaintext = Inputs.plaintext(messageSize);
        this.message = crypto.encryptData(masterKey, plaintext, CONTEXT).getResult();
        byte[] opened = crypto.decryptData(masterKey, message).getResult();
        Inputs.checkRoundTrip(plaintext, opened, opened.length);
    }

    private static CryptoAlgorithm suite(int suiteId) {
        for (CryptoAlgorithm algorithm : CryptoAlgorithm.values()) {
            if (algorithm.getValue() == (short) suiteId) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("no ESDK suite " + Integer.toHexString(suiteId));
    }

    @Override
    public int encrypt() throws GeneralSecurityException {
        return crypto.encryptData(masterKey, plaintext, CONTEXT).getResult().length;
    }

    @Override
    public int decrypt() throws GeneralSecurityException {
        return crypto.decryptData(masterKey, message).getResult().length;
    }
}
