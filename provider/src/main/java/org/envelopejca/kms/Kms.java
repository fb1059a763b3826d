package org.envelopejca.kms;

import java.time.Instant;
import java.util.Map;

/**
 * The provider's own KMS interface: the AWS KMS operations envelope encryption and key management need, with the
 * AWS KMS semantics and names (operations, key IDs, error kinds). Every {@code keyId} accepts a key ID, a key ARN,
 * an alias name ({@code alias/…}) or an alias ARN. Engines: {@code local} (embedded, file-backed) and {@code aws}
 * (AWS SDK for Java v2). Implementations are thread-safe.
 */
public interface Kms {

    /** GenerateDataKey: a fresh data key of {@code numberOfBytes} (1..1024), plaintext and encrypted under the key. */
    DataKeyResult generateDataKey(String keyId, int numberOfBytes, Map<String, String> encryptionContext) throws KmsException;

    /** Encrypt: at most 4096 bytes (symmetric) or the RSA OAEP limit. */
    CiphertextResult encrypt(String keyId, byte[] plaintext, Map<String, String> encryptionContext,
                             EncryptionAlgorithm algorithm) throws KmsException;

    /**
     * Decrypt. {@code keyId} may be null for symmetric ciphertexts (the blob names its key); when given and the
     * blob belongs to another key, IncorrectKeyException. Asymmetric ciphertexts need {@code keyId}.
     */
    DecryptResult decrypt(byte[] ciphertextBlob, String keyId, Map<String, String> encryptionContext,
                          EncryptionAlgorithm algorithm) throws KmsException;

    /** ReEncrypt: decrypt under the source (symmetric) and encrypt under the destination, inside the KMS. */
    CiphertextResult reEncrypt(byte[] ciphertextBlob, String sourceKeyId, Map<String, String> sourceEncryptionContext,
                               String destinationKeyId, Map<String, String> destinationEncryptionContext) throws KmsException;

    KeyMetadata describeKey(String keyId) throws KmsException;

    /** ListKeys: key IDs and ARNs, one page of at most {@code limit} (1..1000) entries. */
    Page<KeyMetadata> listKeys(int limit, String marker) throws KmsException;

    /** ListAliases: all aliases, or those of one key when {@code keyId} is given. */
    Page<AliasEntry> listAliases(String keyId, int limit, String marker) throws KmsException;

    KeyMetadata createKey(CreateKeyRequest request) throws KmsException;

    void createAlias(String aliasName, String targetKeyId) throws KmsException;

    void updateAlias(String aliasName, String targetKeyId) throws KmsException;

    void deleteAlias(String aliasName) throws KmsException;

    void enableKey(String keyId) throws KmsException;

    void disableKey(String keyId) throws KmsException;

    /** ScheduleKeyDeletion with a waiting period of 7..30 days; returns the deletion date. */
    Instant scheduleKeyDeletion(String keyId, int pendingWindowInDays) throws KmsException;

    void cancelKeyDeletion(String keyId) throws KmsException;

    /** EnableKeyRotation with a period of 90..2560 days (symmetric keys only). */
    void enableKeyRotation(String keyId, int rotationPeriodInDays) throws KmsException;

    void disableKeyRotation(String keyId) throws KmsException;

    /** RotateKeyOnDemand: new backing material now; older ciphertexts keep decrypting. */
    void rotateKeyOnDemand(String keyId) throws KmsException;

    RotationStatus getKeyRotationStatus(String keyId) throws KmsException;

    /** GetPublicKey (asymmetric keys only): the key spec, the usage and the algorithms of that usage. */
    PublicKeyResult getPublicKey(String keyId) throws KmsException;

    /**
     * Sign with a SIGN_VERIFY key: a RAW message of 1..4096 bytes, or a DIGEST of exactly the algorithm's digest
     * length. An ENCRYPT_DECRYPT key, or an algorithm the key's spec does not sign with, is InvalidKeyUsageException.
     * Engines that cannot sign keep this default (UnsupportedOperationException).
     */
    default SignResult sign(String keyId, byte[] message, MessageType messageType, SigningAlgorithm algorithm)
            throws KmsException {
        throw new KmsException(KmsErrorCode.UNSUPPORTED_OPERATION, "this KMS engine does not sign", null);
    }

    /**
     * Verify inside KMS, with Sign's rules for the message. True when the signature is valid, false when it is not
     * (KMS answers KMSInvalidSignatureException, which engines translate to false).
     */
    default boolean verify(String keyId, byte[] message, MessageType messageType, byte[] signature,
                           SigningAlgorithm algorithm) throws KmsException {
        throw new KmsException(KmsErrorCode.UNSUPPORTED_OPERATION, "this KMS engine does not verify", null);
    }

    /**
     * This engine as seen by calls carrying {@code tokens} as their GrantTokens (KMS API Reference, "GrantTokens":
     * the tokens of grants that may not be visible yet). An engine without grants has nothing to use them for and
     * returns itself; the local engine checks them, the aws engine sends them to KMS.
     */
    default Kms withGrantTokens(java.util.List<String> tokens) {
        java.util.Objects.requireNonNull(tokens, "tokens");
        return this;
    }

    /** GetKeyPolicy: the key's policy document (its only policy, named {@code default}). */
    default String getKeyPolicy(String keyId) throws KmsException {
        throw new KmsException(KmsErrorCode.UNSUPPORTED_OPERATION, "GetKeyPolicy is not supported by this engine",
                null);
    }

    /**
     * PutKeyPolicy: replaces the key's policy. Unless {@code bypassPolicyLockoutSafetyCheck}, the new policy must
     * let the caller put a policy again (MalformedPolicyDocumentException otherwise).
     */
    default void putKeyPolicy(String keyId, String policy, boolean bypassPolicyLockoutSafetyCheck)
            throws KmsException {
        throw new KmsException(KmsErrorCode.UNSUPPORTED_OPERATION, "PutKeyPolicy is not supported by this engine",
                null);
    }

    /** CreateGrant: the new (or, for a repeated Name with the same parameters, the existing) grant and a token. */
    default GrantResult createGrant(CreateGrantRequest request) throws KmsException {
        throw unsupported("CreateGrant");
    }

    /** ListGrants: the key's grants, optionally only one grant ID or one grantee; Limit 1..100, Marker paging. */
    default Page<GrantEntry> listGrants(String keyId, String grantId, String granteePrincipal, int limit,
                                        String marker) throws KmsException {
        throw unsupported("ListGrants");
    }

    /** ListRetirableGrants: the grants, on any key, whose retiring principal is the one given. */
    default Page<GrantEntry> listRetirableGrants(String retiringPrincipal, int limit, String marker)
            throws KmsException {
        throw unsupported("ListRetirableGrants");
    }

    /** RetireGrant: by grant token, or by key and grant ID; by the retiring principal, the grantee or the account. */
    default void retireGrant(String grantToken, String keyId, String grantId) throws KmsException {
        throw unsupported("RetireGrant");
    }

    /** RevokeGrant: by key and grant ID, as the key policy allows. */
    default void revokeGrant(String keyId, String grantId) throws KmsException {
        throw unsupported("RevokeGrant");
    }

    private static KmsException unsupported(String operation) {
        return new KmsException(KmsErrorCode.UNSUPPORTED_OPERATION, operation + " is not supported by this engine",
                null);
    }

    /** ListKeyPolicies: the names of the key's policies, which KMS keeps at one, {@code default}. */
    default java.util.List<String> listKeyPolicies(String keyId) throws KmsException {
        throw new KmsException(KmsErrorCode.UNSUPPORTED_OPERATION,
                "ListKeyPolicies is not supported by this engine", null);
    }
}
