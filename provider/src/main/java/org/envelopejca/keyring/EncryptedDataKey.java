package org.envelopejca.keyring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * One wrapped copy of a message's data key. Spec: framework/structures.md (encrypted data key),
 * data-format/message-header.md (encrypted data keys).
 *
 * @param providerId   key provider ID (raw keyrings: the key namespace; KMS: {@code aws-kms})
 * @param providerInfo key provider info (raw AES: key name and IV; raw RSA: key name; KMS: the key ARN)
 * @param ciphertext   the wrapped data key
 */
public record EncryptedDataKey(String providerId, byte[] providerInfo, byte[] ciphertext) {

    public EncryptedDataKey {
        Objects.requireNonNull(providerId, "providerId");
        providerInfo = providerInfo.clone();
        ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] providerInfo() {
        return providerInfo.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** Provider info read as UTF-8 (meaningful for RSA and KMS keys; raw AES appends binary fields). */
    public String providerInfoText() {
        return new String(providerInfo, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedDataKey e && providerId.equals(e.providerId)
                && MessageDigest.isEqual(providerInfo, e.providerInfo) && MessageDigest.isEqual(ciphertext, e.ciphertext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(providerId, Arrays.hashCode(providerInfo), Arrays.hashCode(ciphertext));
    }

    @Override
    public String toString() {
        return "EncryptedDataKey[providerId=" + providerId + ", providerInfo=" + providerInfo.length
                + " bytes, ciphertext=" + ciphertext.length + " bytes]";
    }
}
