package org.envelopejca.benchmarks;

import com.google.crypto.tink.Aead;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsException;

/**
 * Tink's remote AEAD (the KMS key a {@code KmsEnvelopeAead} wraps its data keys with) answered in-process by the
 * provider's {@link Kms}: KMS Encrypt and Decrypt under one key, so that Tink pays the same KMS cost as Envelope.
 * Associated data, when there is any, becomes the encryption context, as Tink's own AWS KMS AEAD does it.
 */
final class InProcessKmsAead implements Aead {
    private final Kms kms;
    private final String keyArn;

    InProcessKmsAead(Kms kms, String keyArn) {
        this.kms = kms;
        this.keyArn = keyArn;
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        try {
            return kms.encrypt(keyArn, plaintext, context(associatedData), EncryptionAlgorithm.SYMMETRIC_DEFAULT)
                    .ciphertextBlob();
        } catch (KmsException e) {
            throw new GeneralSecurityException("KMS Encrypt failed", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        try {
            return kms.decrypt(ciphertext, keyArn, context(associatedData), EncryptionAlgorithm.SYMMETRIC_DEFAULT)
                    .plaintext();
        } catch (KmsException e) {
            throw new GeneralSecurityException("KMS Decrypt failed", e);
        }
    }

    private static Map<String, String> context(byte[] associatedData) {
        return associatedData == null || associatedData.length == 0 ? Map.of()
                : Map.of("associatedData", HexFormat.of().formatHex(associatedData));
    }
}
