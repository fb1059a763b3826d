package org.envelopejca.message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.envelopejca.keyring.DataKey;
import org.envelopejca.keyring.DecryptionMaterials;
import org.envelopejca.keyring.EncryptedDataKey;
import org.envelopejca.keyring.EncryptionContextCodec;
import org.envelopejca.keyring.Keyring;
import org.envelopejca.keyring.KeyringException;
import org.envelopejca.kms.UntrustedText;

/**
 * A parsed header made usable: the commitment policy and the expected context checked, the data key unwrapped by
 * the keyring and turned into the message's encryption key, the key commitment and the header tag verified. Shared
 * by the streaming reader and the range reader, so both accept exactly the same headers.
 * Spec: client-apis/decrypt.md (verify the header), data-format/message-header.md.
 *
 * @param header   the verified header
 * @param key      the derived encryption key of the body; the holder destroys it when done
 * @param verifier the signature verifier initialised with the message's public key (signing suites), else null
 */
record OpenedHeader(MessageHeader header, AesKey key, Ecdsa verifier) {
    /** EDKs named in an error: a header may carry 65 535 of them. */
    private static final int SHOWN_EDKS = 10;

    static OpenedHeader open(MessageHeader h, DecryptionSettings settings, Keyring keyring, Primitives primitives)
            throws MessageException {
        AlgorithmSuite suite = h.suite();
        if (!settings.commitmentPolicy().allowsDecryptOf(suite)) {
            throw new MessageFormatException("commitment policy " + settings.commitmentPolicy()
                    + " does not allow reading " + suite);
        }
        Map<String, String> stored = h.encryptionContext();
        String publicKey = stored.get(TrailingSignature.PUBLIC_KEY_CONTEXT_KEY);
        Ecdsa sig = null;
        if (suite.isSigning()) {
            if (publicKey == null) {
                throw new MessageFormatException("signing suite but no " + TrailingSignature.PUBLIC_KEY_CONTEXT_KEY + " in the context");
            }
            sig = primitives.signature(suite);
            sig.initVerify(TrailingSignature.decodePublicKey(suite, publicKey));
        } else if (publicKey != null) {
            throw new MessageFormatException("non-signing suite but " + TrailingSignature.PUBLIC_KEY_CONTEXT_KEY + " in the context");
        }

        // Spec: client-apis/decrypt.md and framework/required-encryption-context-cmm.md: expected entries must match
        // stored ones; those not stored are authenticated as required encryption context.
        Map<String, String> required = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.expectedContext().entrySet()) {
            String value = stored.get(e.getKey());
            if (value == null) {
                required.put(e.getKey(), e.getValue());
            } else if (!value.equals(e.getValue())) {
                throw new MessageAuthenticationException("encryption context differs from the expected one at key "
                        + UntrustedText.quote(e.getKey()));
            }
        }
        Map<String, String> full = new HashMap<>(stored);
        full.putAll(required);

        DecryptionMaterials materials;
        try {
            materials = keyring.onDecrypt(DecryptionMaterials.initial(suite.id(), suite.dataKeyLength(), full),
                    h.encryptedDataKeys());
        } catch (KeyringException e) {
            throw new DataKeyException("no data key: " + e.getMessage(), keyring.keyDescriptions(), e);
        }
        DataKey dataKey = materials.dataKey();
        if (dataKey == null) {
            throw new DataKeyException("no encrypted data key of the message opens with the keys given; tried "
                    + keyring.keyDescriptions() + ", the message has " + describe(h.encryptedDataKeys()),
                    keyring.keyDescriptions(), null);
        }
        KeyDerivation.Derived derived;
        try {
            derived = primitives.derivation.derive(suite, dataKey.bytes(), h.messageIdRef());
        } finally {
            dataKey.destroy();
        }
        AesKey key = derived.encryptionKey();
        try {
            // Spec: message-header.md, algorithm suite data: the commitment must equal the derived one (constant time).
            if (suite.isCommitting() && !MessageDigest.isEqual(derived.commitment(), h.suiteDataRef())) {
                throw new MessageAuthenticationException("key commitment does not match");
            }
            // Spec: message-header.md, header authentication: the AAD is the header body, then the required context
            // (given to GCM in two parts: a header may be megabytes, not copied again).
            byte[] requiredBytes = EncryptionContextCodec.serialize(required);
            byte[] iv = h.version() == 1 ? h.headerIvRef() : new byte[AlgorithmSuite.IV_LENGTH];
            try {
                primitives.gcm.openTag(key, iv, h.bodyRef(), requiredBytes, h.authTagRef());
            } catch (MessageAuthenticationException e) {
                throw new MessageAuthenticationException("header authentication tag does not verify (wrong key or context, or tampered header)");
            }
        } catch (MessageException | RuntimeException e) {
            key.destroy();
            throw e;
        }
        return new OpenedHeader(h, key, sig);
    }

    /**
     * Provider IDs and the printable start of each provider info (key names, ARNs), never ciphertext; quoted (they
     * come from the message), and only the first few of a header that may carry 65 535.
     */
    private static String describe(List<EncryptedDataKey> edks) {
        List<String> names = new ArrayList<>();
        for (EncryptedDataKey edk : edks.subList(0, Math.min(edks.size(), SHOWN_EDKS))) {
            byte[] info = edk.providerInfo();
            int n = 0;
            while (n < info.length && n < 256 && info[n] >= 0x20 && info[n] < 0x7F) {
                n++;
            }
            names.add(edk.providerId() + "/" + new String(info, 0, n, StandardCharsets.US_ASCII));
        }
        String shown = UntrustedText.quoteAll(names, SHOWN_EDKS);
        return edks.size() <= SHOWN_EDKS ? shown
                : shown.substring(0, shown.length() - 1) + ", ... " + (edks.size() - SHOWN_EDKS) + " more]";
    }
}
