package org.envelopejca.interop;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import org.envelopejca.message.AlgorithmSuite;

/** The ESDK for Java configured like our side: the same suite, frame length and commitment policy. */
final class Esdk {

    private Esdk() {
    }

    static CryptoAlgorithm algorithm(AlgorithmSuite suite) {
        for (CryptoAlgorithm algorithm : CryptoAlgorithm.values()) {
            if (Short.toUnsignedInt(algorithm.getValue()) == suite.id()) {
                return algorithm;
            }
        }
        throw new AssertionError("the ESDK has no suite " + suite);
    }

    /** v1 suites are written only under ForbidEncryptAllowDecrypt, which also reads them. */
    static CommitmentPolicy policy(AlgorithmSuite suite) {
        return suite.isCommitting() ? CommitmentPolicy.RequireEncryptRequireDecrypt
                : CommitmentPolicy.ForbidEncryptAllowDecrypt;
    }

    static AwsCrypto writer(AlgorithmSuite suite, int frameLength) {
        return AwsCrypto.builder().withCommitmentPolicy(policy(suite)).withEncryptionAlgorithm(algorithm(suite))
                .withEncryptionFrameSize(frameLength).build();
    }

    static AwsCrypto reader(AlgorithmSuite suite) {
        return AwsCrypto.builder().withCommitmentPolicy(policy(suite)).build();
    }
}
