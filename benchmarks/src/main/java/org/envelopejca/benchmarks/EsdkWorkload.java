package org.envelopejca.benchmarks;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoMaterialsManager;
import com.amazonaws.encryptionsdk.DefaultCryptoMaterialsManager;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import java.security.GeneralSecurityException;
import java.util.Map;

/**
 * The same message shape through the AWS Encryption SDK for Java: the same suite, frame length, encryption context
 * and AES-256 wrapping key (a {@code JceMasterKey} with {@code AES/GCM/NoPadding}, the ESDK's raw AES keyring).
 * The ESDK has no API that writes into a caller's buffer, so its figures include the output array it allocates
 * per message, as they do for its applications. With a materials manager given (a KMS keyring, with or without
 * the ESDK's cache) the same shape runs with that manager instead of the raw AES key.
 */
final class EsdkWorkload implements Workload {
    private static final Map<String, String> CONTEXT = Map.of("purpose", "benchmark");

    private final AwsCrypto crypto;
    private final CryptoMaterialsManager materials;
    private final byte[] plaintext;
    private final byte[] message;

    EsdkWorkload(int messageSize, int frameLength, int suiteId) {
        // what encryptData(masterKeyProvider, ...) builds per call, built once
        this(new DefaultCryptoMaterialsManager(
                JceMasterKey.getInstance(Inputs.aes256Key(), "envelope", "default", "AES/GCM/NoPadding")),
                messageSize, frameLength, suiteId);
    }

    EsdkWorkload(CryptoMaterialsManager materials, int messageSize, int frameLength, int suiteId) {
        this.crypto = AwsCrypto.builder()
                .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
                .withEncryptionAlgorithm(suite(suiteId))
                .withEncryptionFrameSize(frameLength)
                .build();
        this.materials = materials;
        this.plaintext = Inputs.plaintext(messageSize);
        this.message = crypto.encryptData(materials, plaintext, CONTEXT).getResult();
        byte[] opened = crypto.decryptData(materials, message).getResult();
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
        return crypto.encryptData(materials, plaintext, CONTEXT).getResult().length;
    }

    @Override
    public int decrypt() throws GeneralSecurityException {
        return crypto.decryptData(materials, message).getResult().length;
    }
}
