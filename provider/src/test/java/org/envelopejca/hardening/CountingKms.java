package org.envelopejca.hardening;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.envelopejca.kms.AliasEntry;
import org.envelopejca.kms.CiphertextResult;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.DataKeyResult;
import org.envelopejca.kms.DecryptResult;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.Page;
import org.envelopejca.kms.PublicKeyResult;
import org.envelopejca.kms.RotationStatus;

/**
 * A decorator over any engine that counts calls per operation (failed calls too) and records the plaintext arrays
 * that GenerateDataKey and Decrypt hand out: a copy as received, to search captured output for, and the array itself,
 * to see whether the provider zeroed it after use.
 */
final class CountingKms implements Kms {

    /**
     * A plaintext handed to the provider.
     *
     * @param operation which call returned it
     * @param copy      its bytes as returned
     * @param handedOut the array the provider received (the provider owns it and should zero it)
     */
    record Handed(String operation, byte[] copy, byte[] handedOut) {
    }

    private final Kms inner;
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final List<Handed> handed = new CopyOnWriteArrayList<>();

    CountingKms(Kms inner) {
        this.inner = inner;
    }

    long calls(String operation) {
        AtomicLong n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    long totalCalls() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    void reset() {
        calls.clear();
        handed.clear();
    }

    List<Handed> handed() {
        return List.copyOf(handed);
    }

    private void count(String operation) {
        calls.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public DataKeyResult generateDataKey(String keyId, int numberOfBytes, Map<String, String> encryptionContext)
            throws KmsException {
        count("GenerateDataKey");
        DataKeyResult result = inner.generateDataKey(keyId, numberOfBytes, encryptionContext);
        handed.add(new Handed("GenerateDataKey", result.plaintext().clone(), result.plaintext()));
        return result;
    }

    @Override
    public CiphertextResult encrypt(String keyId, byte[] plaintext, Map<String, String> encryptionContext,
            EncryptionAlgorithm algorithm) throws KmsException {
        count("Encrypt");
        return inner.encrypt(keyId, plaintext, encryptionContext, algorithm);
    }

    @Override
    public DecryptResult decrypt(byte[] ciphertextBlob, String keyId, Map<String, String> encryptionContext,
            EncryptionAlgorithm algorithm) throws KmsException {
        count("Decrypt");
        DecryptResult result = inner.decrypt(ciphertextBlob, keyId, encryptionContext, algorithm);
        handed.add(new Handed("Decrypt", result.plaintext().clone(), result.plaintext()));
        return result;
    }

    @Override
    public CiphertextResult reEncrypt(byte[] ciphertextBlob, String sourceKeyId,
            Map<String, String> sourceEncryptionContext, String destinationKeyId,
            Map<String, String> destinationEncryptionContext) throws KmsException {
        count("ReEncrypt");
        return inner.reEncrypt(ciphertextBlob, sourceKeyId, sourceEncryptionContext, destinationKeyId,
                destinationEncryptionContext);
    }

    @Override
    public KeyMetadata describeKey(String keyId) throws KmsException {
        count("DescribeKey");
        return inner.describeKey(keyId);
    }

    @Override
    public Page<KeyMetadata> listKeys(int limit, String marker) throws KmsException {
        count("ListKeys");
        return inner.listKeys(limit, marker);
    }

    @Override
    public Page<AliasEntry> listAliases(String keyId, int limit, String marker) throws KmsException {
        count("ListAliases");
        return inner.listAliases(keyId, limit, marker);
    }

    @Override
    public KeyMetadata createKey(CreateKeyRequest request) throws KmsException {
        count("CreateKey");
        return inner.createKey(request);
    }

    @Override
    public void createAlias(String aliasName, String targetKeyId) throws KmsException {
        count("CreateAlias");
        inner.createAlias(aliasName, targetKeyId);
    }

    @Override
    public void updateAlias(String aliasName, String targetKeyId) throws KmsException {
        count("UpdateAlias");
        inner.updateAlias(aliasName, targetKeyId);
    }

    @Override
    public void deleteAlias(String aliasName) throws KmsException {
        count("DeleteAlias");
        inner.deleteAlias(aliasName);
    }

    @Override
    public void enableKey(String keyId) throws KmsException {
        count("EnableKey");
        inner.enableKey(keyId);
    }

    @Override
    public void disableKey(String keyId) throws KmsException {
        count("DisableKey");
        inner.disableKey(keyId);
    }

    @Override
    public Instant scheduleKeyDeletion(String keyId, int pendingWindowInDays) throws KmsException {
        count("ScheduleKeyDeletion");
        return inner.scheduleKeyDeletion(keyId, pendingWindowInDays);
    }

    @Override
    public void cancelKeyDeletion(String keyId) throws KmsException {
        count("CancelKeyDeletion");
        inner.cancelKeyDeletion(keyId);
    }

    @Override
    public void enableKeyRotation(String keyId, int rotationPeriodInDays) throws KmsException {
        count("EnableKeyRotation");
        inner.enableKeyRotation(keyId, rotationPeriodInDays);
    }

    @Override
    public void disableKeyRotation(String keyId) throws KmsException {
        count("DisableKeyRotation");
        inner.disableKeyRotation(keyId);
    }

    @Override
    public void rotateKeyOnDemand(String keyId) throws KmsException {
        count("RotateKeyOnDemand");
        inner.rotateKeyOnDemand(keyId);
    }

    @Override
    public RotationStatus getKeyRotationStatus(String keyId) throws KmsException {
        count("GetKeyRotationStatus");
        return inner.getKeyRotationStatus(keyId);
    }

    @Override
    public PublicKeyResult getPublicKey(String keyId) throws KmsException {
        count("GetPublicKey");
        return inner.getPublicKey(keyId);
    }
}
