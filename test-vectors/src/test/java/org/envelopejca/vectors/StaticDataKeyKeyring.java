package org.envelopejca.vectors;

import java.util.List;
import org.envelopejca.keyring.DataKey;
import org.envelopejca.keyring.DecryptionMaterials;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.keyring.EncryptionMaterials;
import org.envelopejca.keyring.Keyring;
import org.envelopejca.keyring.KeyringException;

/**
 * A decrypt-only keyring that hands out one known plaintext data key whatever the encrypted data keys are: the
 * known-answer tests carry the data key, not a key that unwraps it.
 */
final class StaticDataKeyKeyring implements Keyring {
    private final byte[] dataKey;

    StaticDataKeyKeyring(byte[] dataKey) {
        this.dataKey = dataKey.clone();
    }

    @Override
    public EncryptionMaterials onEncrypt(EncryptionMaterials materials) throws KeyringException {
        throw new KeyringException("the known-answer keyring only decrypts");
    }

    @Override
    public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> encryptedDataKeys) {
        return materials.dataKey() != null ? materials : materials.withDataKey(DataKey.copyOf(dataKey));
    }

    @Override
    public List<String> keyDescriptions() {
        return List.of("known-answer data key");
    }
}
