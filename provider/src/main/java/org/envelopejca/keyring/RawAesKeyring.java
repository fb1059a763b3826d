package org.envelopejca.keyring;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The ESDK raw AES keyring: wraps the data key with AES-GCM under a local key, binding the encryption context.
 * Spec: framework/raw-aes-keyring.md.
 *
 * <p>Not thread-safe: it keeps one AES-GCM instance (a Cipher.getInstance and a key schedule per message cost more
 * than the wrapping itself). Each envelope Cipher builds its own keyrings.
 */
public final class RawAesKeyring implements Keyring {
    private static final int IV_LENGTH = 12;
    private static final int TAG_LENGTH = 16;

    private final SecretKey wrappingKey;
    private final String namespace;
    private final byte[] name;
    private final SecureRandom random;
    private Cipher gcm;
    /**
     * The last context serialized as wrapping AAD, and its bytes: a Cipher re-initialised per message binds the same
     * context each time (the same instance when encrypting). Materials hold only immutable maps ({@code Map.copyOf}),
     * so the map kept cannot change behind this cache.
     */
    private Map<String, String> lastContext;
    private byte[] lastContextBytes;

    public RawAesKeyring(SecretKey wrappingKey, String namespace, String name, SecureRandom random) {
        this.wrappingKey = Objects.requireNonNull(wrappingKey, "wrappingKey");
        this.namespace = RawKeyNames.checkNamespace(namespace);
        this.name = RawKeyNames.checkName(name).getBytes(StandardCharsets.UTF_8);
        this.random = Objects.requireNonNull(random, "random");
        byte[] encoded = wrappingKey.getEncoded();
        int bits = encoded == null ? 0 : encoded.length * 8;
        if (encoded != null) {
            java.util.Arrays.fill(encoded, (byte) 0); // only its length was needed: no copy of the key stays behind
        }
        if (bits != 128 && bits != 192 && bits != 256) {
            throw new IllegalArgumentException("raw AES wrapping key must be 128, 192 or 256 bits");
        }
    }

    @Override
    public EncryptionMaterials onEncrypt(EncryptionMaterials materials) throws KeyringException {
        EncryptionMaterials m = materials;
        if (m.dataKey() == null) {
            byte[] key = new byte[m.dataKeyLength()];
            random.nextBytes(key);
            m = m.withDataKey(new DataKey(key), wrap(key, m));
            return m;
        }
        return m.withEncryptedDataKey(wrap(m.dataKey().bytes(), m));
    }

    // Spec: raw-aes-keyring.md, OnEncrypt: provider info = key name, tag length (bits), IV length, IV;
    // ciphertext = encrypted key followed by the tag; AAD = serialized encryption context.
    private EncryptedDataKey wrap(byte[] dataKey, EncryptionMaterials m) throws KeyringException {
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        try {
            Cipher gcm = gcm();
            gcm.init(Cipher.ENCRYPT_MODE, wrappingKey, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            gcm.updateAAD(serializedContext(m.encryptionContext()));
            byte[] ciphertext = gcm.doFinal(dataKey);
            ByteBuffer info = ByteBuffer.allocate(name.length + 8 + IV_LENGTH);
            info.put(name).putInt(TAG_LENGTH * 8).putInt(IV_LENGTH).put(iv);
            return new EncryptedDataKey(namespace, info.array(), ciphertext);
        } catch (GeneralSecurityException e) {
            throw new KeyringException("raw AES key " + description() + " cannot wrap: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) throws KeyringException {
        if (materials.dataKey() != null) {
            return materials;
        }
        byte[] aad = null;
        for (EncryptedDataKey edk : edks) {
            byte[] iv = ivIfMine(edk);
            if (iv == null) {
                continue;
            }
            if (aad == null) {
                aad = serializedContext(materials.encryptionContext());
            }
            byte[] ciphertext = edk.ciphertext();
            if (ciphertext.length != materials.dataKeyLength() + TAG_LENGTH) {
                continue;
            }
            try {
                Cipher gcm = gcm();
                gcm.init(Cipher.DECRYPT_MODE, wrappingKey, new GCMParameterSpec(TAG_LENGTH * 8, iv));
                gcm.updateAAD(aad);
                return materials.withDataKey(new DataKey(gcm.doFinal(ciphertext)));
            } catch (AEADBadTagException e) {
                // Not this key's (or the context differs): the next EDK may still open.
            } catch (GeneralSecurityException e) {
                throw new KeyringException("raw AES key " + description() + " cannot unwrap: " + e.getClass().getSimpleName(), e);
            }
        }
        return materials;
    }

    private byte[] serializedContext(Map<String, String> context) {
        if (context != lastContext && !context.equals(lastContext)) {
            lastContextBytes = EncryptionContextCodec.serialize(context);
            lastContext = context;
        }
        return lastContextBytes;
    }

    private Cipher gcm() throws GeneralSecurityException {
        if (gcm == null) {
            gcm = Cipher.getInstance("AES/GCM/NoPadding");
        }
        return gcm;
    }

    /** The IV when the EDK's provider ID and info are this key's (spec: OnDecrypt, key provider info checks). */
    private byte[] ivIfMine(EncryptedDataKey edk) {
        if (!edk.providerId().equals(namespace)) {
            return null;
        }
        byte[] info = edk.providerInfo();
        if (info.length != name.length + 8 + IV_LENGTH
                || !Arrays.equals(info, 0, name.length, name, 0, name.length)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(info, name.length, 8 + IV_LENGTH);
        if (b.getInt() != TAG_LENGTH * 8 || b.getInt() != IV_LENGTH) {
            return null;
        }
        byte[] iv = new byte[IV_LENGTH];
        b.get(iv);
        return iv;
    }

    @Override
    public List<String> keyDescriptions() {
        return List.of(description());
    }

    private String description() {
        return "aes:" + namespace + "/" + new String(name, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RawAesKeyring[" + description() + "]";
    }
}
