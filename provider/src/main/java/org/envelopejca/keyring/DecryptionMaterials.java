package org.envelopejca.keyring;

import java.util.Map;

/**
 * What keyrings fill in on decryption. Spec: framework/structures.md (decryption materials).
 *
 * @param suiteId           the message's algorithm suite ID
 * @param dataKeyLength     expected length in bytes of the data key
 * @param encryptionContext the full encryption context (stored and required parts)
 * @param dataKey           the unwrapped data key, or null while none was unwrapped
 */
public record DecryptionMaterials(int suiteId, int dataKeyLength, Map<String, String> encryptionContext, DataKey dataKey) {

    public DecryptionMaterials {
        encryptionContext = Map.copyOf(encryptionContext);
    }

    public static DecryptionMaterials initial(int suiteId, int dataKeyLength, Map<String, String> encryptionContext) {
        return new DecryptionMaterials(suiteId, dataKeyLength, encryptionContext, null);
    }

    public DecryptionMaterials withDataKey(DataKey key) {
        if (dataKey != null) {
            throw new IllegalStateException("data key already set");
        }
        if (key.length() != dataKeyLength) {
            throw new IllegalArgumentException("data key has the wrong length for the suite");
        }
        return new DecryptionMaterials(suiteId, dataKeyLength, encryptionContext, key);
    }
}
