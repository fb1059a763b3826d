package org.envelopejca.keyring.kms;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.envelopejca.keyring.EncryptionContextCodec;
import org.envelopejca.kms.AliasEntry;
import org.envelopejca.kms.CiphertextResult;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.DataKeyResult;
import org.envelopejca.kms.DecryptResult;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.KeyState;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.Page;
import org.envelopejca.kms.PublicKeyResult;
import org.envelopejca.kms.RotationStatus;

/**
 * A test double of {@link Kms}, in memory: symmetric keys are AES-256-GCM keys whose ciphertext blobs name the key ID
 * and bind the encryption context; RSA keys are local key pairs. Multi-Region keys can be replicated into other
 * regions (same key material, same {@code mrk-} key ID). Failures can be injected per key (access denied, disabled)
 * and for every answer (a wrong key ARN). Counts the calls of each operation.
 */
public final class InMemoryKms implements Kms {
    public static final String PARTITION = "aws";
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "111122223333";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte BLOB_VERSION = 1;

    private record Key(String arn, String keyId, String region, KeySpec spec, SecretKey aes, KeyPair rsa, boolean multiRegion) {
    }

    private final Map<String, Key> keysByArn = new ConcurrentHashMap<>();
    private final Map<String, String> aliasToArn = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Set<String> disabled = ConcurrentHashMap.newKeySet();
    private volatile String answerArnOverride;
    /** The plaintext array the last GenerateDataKey handed out (the caller owns it; tests check it was zeroed). */
    public volatile byte[] lastGeneratedPlaintext;

    public final AtomicInteger generateDataKeyCalls = new AtomicInteger();
    public final AtomicInteger encryptCalls = new AtomicInteger();
    public final AtomicInteger decryptCalls = new AtomicInteger();
    public final AtomicInteger getPublicKeyCalls = new AtomicInteger();
    /** The key IDs Decrypt was called with, in order. */
    public final List<String> decryptKeyIds = new java.util.concurrent.CopyOnWriteArrayList<>();

    // ---- test controls ----

    public String createSymmetricKey() {
        return createKey(CreateKeyRequest.symmetric("")).arn();
    }

    public String createMultiRegionKey() {
        return createKey(new CreateKeyRequest(KeySpec.SYMMETRIC_DEFAULT, "", true)).arn();
    }

    public String createRsaKey() {
        return createKey(new CreateKeyRequest(KeySpec.RSA_2048, "", false)).arn();
    }

    /** A key in another account (same partition and region), as if that account had shared it. */
    public String createSymmetricKeyInAccount(String account) {
        return add(account, REGION, UUID.randomUUID().toString(), KeySpec.SYMMETRIC_DEFAULT, aesKey(), null, false);
    }

    /** A single-Region key in another region of the same account. */
    public String createSymmetricKeyInRegion(String region) {
        return add(ACCOUNT, region, UUID.randomUUID().toString(), KeySpec.SYMMETRIC_DEFAULT, aesKey(), null, false);
    }

    /** Replicates a multi-Region key into {@code region}: same key ID and material; returns the replica's ARN. */
    public String replicate(String mrkArn, String region) {
        Key k = keysByArn.get(mrkArn);
        if (k == null || !k.multiRegion()) {
            throw new IllegalArgumentException("not a multi-Region key");
        }
        return add(ACCOUNT, region, k.keyId(), k.spec(), k.aes(), k.rsa(), true);
    }

    public void denyAccess(String arn) {
        denied.add(arn);
    }

    public void disable(String arn) {
        disabled.add(arn);
    }

    /** Every answer from now on names {@code arn} as the key (null: answer truthfully again). */
    public void answerWithKeyArn(String arn) {
        answerArnOverride = arn;
    }

    public int totalCalls() {
        return generateDataKeyCalls.get() + encryptCalls.get() + decryptCalls.get() + getPublicKeyCalls.get();
    }

    // ---- Kms ----

    @Override
    public DataKeyResult generateDataKey(String keyId, int numberOfBytes, Map<String, String> context) throws KmsException {
        generateDataKeyCalls.incrementAndGet();
        Key k = usable(keyId);
        requireSymmetric(k);
        byte[] plaintext = new byte[numberOfBytes];
        RANDOM.nextBytes(plaintext);
        lastGeneratedPlaintext = plaintext;
        return new DataKeyResult(answer(k), plaintext, seal(k, plaintext, context));
    }

    @Override
    public CiphertextResult encrypt(String keyId, byte[] plaintext, Map<String, String> context, EncryptionAlgorithm algorithm)
            throws KmsException {
        encryptCalls.incrementAndGet();
        Key k = usable(keyId);
        if (algorithm == EncryptionAlgorithm.SYMMETRIC_DEFAULT) {
            requireSymmetric(k);
            return new CiphertextResult(answer(k), seal(k, plaintext, context), null);
        }
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.ENCRYPT_MODE, k.rsa().getPublic(), oaep(algorithm));
            return new CiphertextResult(answer(k), rsa.doFinal(plaintext), null);
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsErrorCode.VALIDATION, "RSA encryption failed", k.arn());
        }
    }

    @Override
    public DecryptResult decrypt(byte[] blob, String keyId, Map<String, String> context, EncryptionAlgorithm algorithm)
            throws KmsException {
        decryptCalls.incrementAndGet();
        decryptKeyIds.add(String.valueOf(keyId));
        if (algorithm == EncryptionAlgorithm.SYMMETRIC_DEFAULT) {
            String blobKeyId = blobKeyId(blob);
            Key k = usable(keyId != null ? keyId : blobKeyId);
            if (!k.keyId().equals(blobKeyId)) {
                throw new KmsException(KmsErrorCode.INCORRECT_KEY, "the ciphertext was not encrypted under this key", k.arn());
            }
            return new DecryptResult(answer(k), open(k, blob, context), algorithm);
        }
        if (keyId == null) {
            throw new KmsException(KmsErrorCode.VALIDATION, "asymmetric decryption needs a key ID", null);
        }
        Key k = usable(keyId);
        if (k.rsa() == null) {
            throw new KmsException(KmsErrorCode.INVALID_KEY_USAGE, "not an RSA key", k.arn());
        }
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.DECRYPT_MODE, k.rsa().getPrivate(), oaep(algorithm));
            return new DecryptResult(answer(k), rsa.doFinal(blob), algorithm);
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsErrorCode.INVALID_CIPHERTEXT, "RSA decryption failed", k.arn());
        }
    }

    @Override
    public PublicKeyResult getPublicKey(String keyId) throws KmsException {
        getPublicKeyCalls.incrementAndGet();
        Key k = usable(keyId);
        if (k.rsa() == null) {
            throw new KmsException(KmsErrorCode.UNSUPPORTED_OPERATION, "not an RSA key", k.arn());
        }
        return new PublicKeyResult(k.arn(), k.rsa().getPublic().getEncoded(), k.spec(),
                List.of(EncryptionAlgorithm.RSAES_OAEP_SHA_1, EncryptionAlgorithm.RSAES_OAEP_SHA_256));
    }

    @Override
    public KeyMetadata createKey(CreateKeyRequest request) {
        String keyId = request.multiRegion() ? "mrk-" + HexFormat.of().formatHex(randomBytes(16)) : UUID.randomUUID().toString();
        SecretKey aes = request.keySpec().isSymmetric() ? aesKey() : null;
        KeyPair rsa = request.keySpec().isSymmetric() ? null : rsaKeyPair(request.keySpec());
        String arn = add(ACCOUNT, REGION, keyId, request.keySpec(), aes, rsa, request.multiRegion());
        return metadata(keysByArn.get(arn));
    }

    @Override
    public KeyMetadata describeKey(String keyId) throws KmsException {
        return metadata(find(keyId));
    }

    @Override
    public void createAlias(String aliasName, String targetKeyId) throws KmsException {
        aliasToArn.put(aliasName, find(targetKeyId).arn());
    }

    @Override
    public void disableKey(String keyId) throws KmsException {
        disabled.add(find(keyId).arn());
    }

    @Override
    public void enableKey(String keyId) throws KmsException {
        disabled.remove(find(keyId).arn());
    }

    // ---- not needed by the keyrings ----

    @Override
    public CiphertextResult reEncrypt(byte[] blob, String source, Map<String, String> sourceContext, String destination,
                                      Map<String, String> destinationContext) throws KmsException {
        throw unsupported();
    }

    @Override
    public Page<KeyMetadata> listKeys(int limit, String marker) throws KmsException {
        throw unsupported();
    }

    @Override
    public Page<AliasEntry> listAliases(String keyId, int limit, String marker) throws KmsException {
        throw unsupported();
    }

    @Override
    public void updateAlias(String aliasName, String targetKeyId) throws KmsException {
        throw unsupported();
    }

    @Override
    public void deleteAlias(String aliasName) throws KmsException {
        throw unsupported();
    }

    @Override
    public Instant scheduleKeyDeletion(String keyId, int pendingWindowInDays) throws KmsException {
        throw unsupported();
    }

    @Override
    public void cancelKeyDeletion(String keyId) throws KmsException {
        throw unsupported();
    }

    @Override
    public void enableKeyRotation(String keyId, int rotationPeriodInDays) throws KmsException {
        throw unsupported();
    }

    @Override
    public void disableKeyRotation(String keyId) throws KmsException {
        throw unsupported();
    }

    @Override
    public void rotateKeyOnDemand(String keyId) throws KmsException {
        throw unsupported();
    }

    @Override
    public RotationStatus getKeyRotationStatus(String keyId) throws KmsException {
        throw unsupported();
    }

    // ---- internals ----

    private String add(String account, String region, String keyId, KeySpec spec, SecretKey aes, KeyPair rsa, boolean mrk) {
        String arn = "arn:" + PARTITION + ":kms:" + region + ":" + account + ":key/" + keyId;
        keysByArn.put(arn, new Key(arn, keyId, region, spec, aes, rsa, mrk));
        return arn;
    }

    /** Key ARN, key ID (default region), alias name or alias ARN. */
    private Key find(String keyId) throws KmsException {
        String arn = keyId;
        if (keyId.startsWith("alias/")) {
            arn = aliasToArn.get(keyId);
        } else if (keyId.startsWith("arn:") && keyId.contains(":alias/")) {
            arn = aliasToArn.get(keyId.substring(keyId.indexOf(":alias/") + 1));
        } else if (!keyId.startsWith("arn:")) {
            arn = "arn:" + PARTITION + ":kms:" + REGION + ":" + ACCOUNT + ":key/" + keyId;
        }
        Key k = arn == null ? null : keysByArn.get(arn);
        if (k == null) {
            throw new KmsException(KmsErrorCode.NOT_FOUND, "no such key", keyId.startsWith("arn:") ? keyId : null);
        }
        return k;
    }

    private Key usable(String keyId) throws KmsException {
        Key k = find(keyId);
        if (denied.contains(k.arn())) {
            throw new KmsException(KmsErrorCode.ACCESS_DENIED, "not authorized", k.arn());
        }
        if (disabled.contains(k.arn())) {
            throw new KmsException(KmsErrorCode.DISABLED, "key is disabled", k.arn());
        }
        return k;
    }

    private String answer(Key k) {
        String override = answerArnOverride;
        return override != null ? override : k.arn();
    }

    private static void requireSymmetric(Key k) throws KmsException {
        if (k.aes() == null) {
            throw new KmsException(KmsErrorCode.INVALID_KEY_USAGE, "not a symmetric key", k.arn());
        }
    }

    // Blob: version, key ID length, key ID, IV, AES-GCM(plaintext) with the serialized context as AAD.
    private static byte[] seal(Key k, byte[] plaintext, Map<String, String> context) throws KmsException {
        try {
            byte[] id = k.keyId().getBytes(StandardCharsets.UTF_8);
            byte[] iv = randomBytes(12);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, k.aes(), new GCMParameterSpec(128, iv));
            gcm.updateAAD(EncryptionContextCodec.serialize(context));
            byte[] sealed = gcm.doFinal(plaintext);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(BLOB_VERSION);
            out.write(id.length);
            out.writeBytes(id);
            out.writeBytes(iv);
            out.writeBytes(sealed);
            return out.toByteArray();
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "sealing failed", k.arn());
        }
    }

    private static String blobKeyId(byte[] blob) throws KmsException {
        if (blob.length < 2 || blob[0] != BLOB_VERSION || blob.length < 2 + (blob[1] & 0xFF) + 12 + 16) {
            throw new KmsException(KmsErrorCode.INVALID_CIPHERTEXT, "not a ciphertext of this KMS", null);
        }
        return new String(blob, 2, blob[1] & 0xFF, StandardCharsets.UTF_8);
    }

    private static byte[] open(Key k, byte[] blob, Map<String, String> context) throws KmsException {
        ByteBuffer b = ByteBuffer.wrap(blob);
        b.position(2 + (blob[1] & 0xFF));
        byte[] iv = new byte[12];
        b.get(iv);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, k.aes(), new GCMParameterSpec(128, iv));
            gcm.updateAAD(EncryptionContextCodec.serialize(context));
            return gcm.doFinal(blob, b.position(), b.remaining());
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsErrorCode.INVALID_CIPHERTEXT, "ciphertext or context does not match", k.arn());
        }
    }

    private static OAEPParameterSpec oaep(EncryptionAlgorithm algorithm) {
        String hash = algorithm == EncryptionAlgorithm.RSAES_OAEP_SHA_256 ? "SHA-256" : "SHA-1";
        return new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), PSource.PSpecified.DEFAULT);
    }

    private KeyMetadata metadata(Key k) {
        List<EncryptionAlgorithm> algorithms = k.aes() != null ? List.of(EncryptionAlgorithm.SYMMETRIC_DEFAULT)
                : List.of(EncryptionAlgorithm.RSAES_OAEP_SHA_1, EncryptionAlgorithm.RSAES_OAEP_SHA_256);
        return new KeyMetadata(k.keyId(), k.arn(), Instant.EPOCH, "", k.spec(),
                disabled.contains(k.arn()) ? KeyState.DISABLED : KeyState.ENABLED, null, algorithms, k.multiRegion());
    }

    private static KmsException unsupported() {
        return new KmsException(KmsErrorCode.UNSUPPORTED_OPERATION, "not implemented by the test double", null);
    }

    private static SecretKey aesKey() {
        try {
            KeyGenerator g = KeyGenerator.getInstance("AES");
            g.init(256);
            return g.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsaKeyPair(KeySpec spec) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(Integer.parseInt(spec.name().substring(4)));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @Override
    public String toString() {
        return "InMemoryKms" + Arrays.toString(keysByArn.keySet().toArray());
    }
}
