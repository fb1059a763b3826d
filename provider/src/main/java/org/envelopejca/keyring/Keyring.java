package org.envelopejca.keyring;

import java.util.List;

/**
 * Wraps and unwraps data keys. Spec: framework/keyring-interface.md.
 */
public interface Keyring {

    /**
     * Adds this keyring's encrypted data key to the materials; when they have no data key yet, generates one first
     * (this keyring is then the generator).
     */
    EncryptionMaterials onEncrypt(EncryptionMaterials materials) throws KeyringException;

    /**
     * Tries the encrypted data keys this keyring can open, in order, and returns the materials with the first data
     * key it unwraps; returns the materials unchanged when none is its own or none opens. Materials that already
     * carry a data key are returned as they are.
     */
    DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> encryptedDataKeys)
            throws KeyringException;

    /**
     * Told when a message written with materials from {@link #onEncrypt} is complete, with the encrypted data keys
     * it carries and its plaintext length, so that limits on data-key use (a cache's bytes per key) can count.
     */
    default void onMessageEncrypted(List<EncryptedDataKey> encryptedDataKeys, long plaintextBytes) {
    }

    /** Names of the keys this keyring holds ({@code namespace/name} or key ARNs), for error messages. */
    List<String> keyDescriptions();
}
