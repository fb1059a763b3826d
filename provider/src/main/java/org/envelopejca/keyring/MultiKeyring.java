package org.envelopejca.keyring;

import java.util.ArrayList;
import java.util.List;

/**
 * A generator keyring and children: on encrypt every one adds its EDK; on decrypt each is tried until one unwraps.
 * Spec: framework/multi-keyring.md.
 */
public final class MultiKeyring implements Keyring {
    private final Keyring generator;
    private final List<Keyring> children;

    public MultiKeyring(Keyring generator, List<Keyring> children) {
        this.generator = generator;
        this.children = List.copyOf(children);
    }

    @Override
    public EncryptionMaterials onEncrypt(EncryptionMaterials materials) throws KeyringException {
        EncryptionMaterials m = generator.onEncrypt(materials);
        for (Keyring child : children) {
            m = child.onEncrypt(m);
        }
        return m;
    }

    @Override
    public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) throws KeyringException {
        // Spec: multi-keyring.md, OnDecrypt: a failing keyring does not stop the others; its error is reported only
        // when no keyring unwraps the data key.
        List<Keyring> all = new ArrayList<>();
        all.add(generator);
        all.addAll(children);
        KeyringException failure = null;
        DecryptionMaterials m = materials;
        for (Keyring keyring : all) {
            try {
                m = keyring.onDecrypt(m, edks);
            } catch (KeyringException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            if (m.dataKey() != null) {
                return m;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return m;
    }

    @Override
    public void onMessageEncrypted(List<EncryptedDataKey> encryptedDataKeys, long plaintextBytes) {
        generator.onMessageEncrypted(encryptedDataKeys, plaintextBytes);
        children.forEach(c -> c.onMessageEncrypted(encryptedDataKeys, plaintextBytes));
    }

    @Override
    public List<String> keyDescriptions() {
        List<String> all = new ArrayList<>(generator.keyDescriptions());
        children.forEach(c -> all.addAll(c.keyDescriptions()));
        return all;
    }
}
