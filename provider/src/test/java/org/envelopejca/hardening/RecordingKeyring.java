package org.envelopejca.hardening;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.envelopejca.keyring.DataKey;
import org.envelopejca.keyring.DecryptionMaterials;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.keyring.EncryptionMaterials;
import org.envelopejca.keyring.Keyring;
import org.envelopejca.keyring.KeyringException;

/**
 * A keyring decorator that keeps every DataKey object it hands to the message layer, with a copy of its bytes
 * taken at hand-over, and the materials' {@code toString()}: the message layer owns those keys and must destroy
 * them once the message keys are derived.
 */
final class RecordingKeyring implements Keyring {

    /**
     * A data key handed to the message layer.
     *
     * @param key   the object handed over
     * @param array the array it holds (DataKey.bytes() is not a copy), to look at after it was destroyed
     * @param copy  its bytes at hand-over
     */
    record Handed(DataKey key, byte[] array, byte[] copy) {
        boolean zeroed() {
            for (byte b : array) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Keyring inner;
    private final List<Handed> handed = new CopyOnWriteArrayList<>();
    private final List<String> descriptions = new CopyOnWriteArrayList<>();

    RecordingKeyring(Keyring inner) {
        this.inner = inner;
    }

    List<Handed> handed() {
        return List.copyOf(handed);
    }

    List<String> descriptions() {
        return List.copyOf(descriptions);
    }

    @Override
    public EncryptionMaterials onEncrypt(EncryptionMaterials materials) throws KeyringException {
        EncryptionMaterials result = inner.onEncrypt(materials);
        record(result.dataKey());
        descriptions.add(result.toString());
        return result;
    }

    @Override
    public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> encryptedDataKeys)
            throws KeyringException {
        DecryptionMaterials result = inner.onDecrypt(materials, encryptedDataKeys);
        record(result.dataKey());
        descriptions.add(result.toString());
        encryptedDataKeys.forEach(edk -> descriptions.add(edk.toString()));
        return result;
    }

    private void record(DataKey key) {
        if (key != null) {
            handed.add(new Handed(key, key.bytes(), key.bytes().clone()));
        }
    }

    @Override
    public void onMessageEncrypted(List<EncryptedDataKey> encryptedDataKeys, long plaintextBytes) {
        inner.onMessageEncrypted(encryptedDataKeys, plaintextBytes);
    }

    @Override
    public List<String> keyDescriptions() {
        return inner.keyDescriptions();
    }
}
