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
        DecryptionMaterials m = generator.onDecrypt(materials, edks);
        for (Keyring child : children) {
            if (m.dataKey() != null) {
                break;
            }
            m = child.onDecrypt(m, edks);
        }
        return m;
    }

    @Override
    public List<String> keyDescriptions() {
        List<String> all = new ArrayList<>(generator.keyDescriptions());
        children.forEach(c -> all.addAll(c.keyDescriptions()));
        return all;
    }
}
