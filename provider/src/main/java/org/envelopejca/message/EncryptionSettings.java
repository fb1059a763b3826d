package org.envelopejca.message;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.envelopejca.keyring.EncryptionContextCodec;

/**
 * What a writer puts into every message it writes.
 *
 * @param suite                     algorithm suite (must be allowed by the policy)
 * @param frameLength               plaintext bytes per frame
 * @param encryptionContext         context stored in the message; keys starting {@code aws-crypto-} are reserved
 * @param requiredEncryptionContext context bound to the message but not stored (readers must supply it)
 * @param commitmentPolicy          which suites may be written
 * @param maxEncryptedDataKeys      most EDKs a message may carry
 */
public record EncryptionSettings(AlgorithmSuite suite, int frameLength, Map<String, String> encryptionContext,
                                 Map<String, String> requiredEncryptionContext, CommitmentPolicy commitmentPolicy,
                                 int maxEncryptedDataKeys) {

    static final String RESERVED_PREFIX = "aws-crypto-";

    /** @throws IllegalArgumentException saying which value is unacceptable */
    public EncryptionSettings {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(commitmentPolicy, "commitmentPolicy");
        encryptionContext = Map.copyOf(encryptionContext);
        requiredEncryptionContext = Map.copyOf(requiredEncryptionContext);
        if (!commitmentPolicy.allowsEncryptWith(suite)) {
            throw new IllegalArgumentException("commitment policy " + commitmentPolicy + " does not allow writing " + suite);
        }
        if (frameLength < 1 || frameLength > MessageLimits.MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("frame length must be in 1.." + MessageLimits.MAX_FRAME_LENGTH);
        }
        if (maxEncryptedDataKeys < 1 || maxEncryptedDataKeys > 0xFFFF) {
            throw new IllegalArgumentException("max encrypted data keys must be in 1..65535");
        }
        // Spec: client-apis/encrypt.md: the aws-crypto- prefix is reserved for the library's own entries.
        for (String key : encryptionContext.keySet()) {
            if (key.startsWith(RESERVED_PREFIX)) {
                throw new IllegalArgumentException("encryption context key " + key + " uses the reserved prefix " + RESERVED_PREFIX);
            }
        }
        for (String key : requiredEncryptionContext.keySet()) {
            if (key.startsWith(RESERVED_PREFIX) || encryptionContext.containsKey(key)) {
                throw new IllegalArgumentException("required encryption context key " + key + " is reserved or also stored");
            }
        }
        // Fail here rather than per message: both parts must serialize within the u16 limits, with room for the
        // signature key of signing suites.
        EncryptionContextCodec.serialize(encryptionContext);
        EncryptionContextCodec.serialize(merged(encryptionContext, requiredEncryptionContext));
        if (suite.isSigning()) {
            Map<String, String> withKey = new HashMap<>(encryptionContext);
            withKey.put(TrailingSignature.PUBLIC_KEY_CONTEXT_KEY, "A".repeat(68));
            EncryptionContextCodec.serialize(withKey);
        }
    }

    /** Stored and required context together: what keyrings bind the data key to. */
    static Map<String, String> merged(Map<String, String> stored, Map<String, String> required) {
        Map<String, String> all = new HashMap<>(stored);
        all.putAll(required);
        return Map.copyOf(all);
    }
}
