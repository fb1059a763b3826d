package org.envelopejca.keyring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What keyrings fill in on encryption. Spec: framework/structures.md (encryption materials).
 *
 * @param suiteId           the algorithm suite's two-byte ID (for caches and KMS request shaping)
 * @param dataKeyLength     length in bytes of the data key to generate
 * @param encryptionContext the full encryption context (stored and required parts) that keyrings bind
 * @param dataKey           the plaintext data key, or null until the generating keyring ran
 * @param encryptedDataKeys the wrapped copies so far
 */
public record EncryptionMaterials(int suiteId, int dataKeyLength, Map<String, String> encryptionContext,
                                  DataKey dataKey, List<EncryptedDataKey> encryptedDataKeys) {

    public EncryptionMaterials {
        encryptionContext = Map.copyOf(encryptionContext);
        encryptedDataKeys = List.copyOf(encryptedDataKeys);
        if (dataKey != null && dataKey.length() != dataKeyLength) {
            throw new IllegalArgumentException("data key has the wrong length for the suite");
        }
    }

    public static EncryptionMaterials initial(int suiteId, int dataKeyLength, Map<String, String> encryptionContext) {
        return new EncryptionMaterials(suiteId, dataKeyLength, encryptionContext, null, List.of());
    }

    public EncryptionMaterials withDataKey(DataKey key, EncryptedDataKey edk) {
        if (dataKey != null) {
            throw new IllegalStateException("data key already set");
        }
        return new EncryptionMaterials(suiteId, dataKeyLength, encryptionContext, key, append(edk));
    }

    public EncryptionMaterials withEncryptedDataKey(EncryptedDataKey edk) {
        return new EncryptionMaterials(suiteId, dataKeyLength, encryptionContext, dataKey, append(edk));
    }

    private List<EncryptedDataKey> append(EncryptedDataKey edk) {
        List<EncryptedDataKey> all = new ArrayList<>(encryptedDataKeys);
        all.add(edk);
        return all;
    }
}
