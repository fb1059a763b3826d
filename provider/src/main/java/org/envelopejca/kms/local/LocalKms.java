package org.envelopejca.kms.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.envelopejca.kms.AliasEntry;
import org.envelopejca.kms.CiphertextResult;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.DataKeyResult;
import org.envelopejca.kms.DecryptResult;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KeySpec;
import org.envelopejca.kms.KeyState;
import org.envelopejca.kms.KeyUsage;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.MessageType;
import org.envelopejca.kms.Page;
import org.envelopejca.kms.PublicKeyResult;
import org.envelopejca.kms.RotationStatus;
import org.envelopejca.kms.SignResult;
import org.envelopejca.kms.SigningAlgorithm;
import org.envelopejca.kms.policy.AwsPrincipal;
import org.envelopejca.kms.policy.Decision;
import org.envelopejca.kms.policy.GrantPermission;
import org.envelopejca.kms.policy.MalformedPolicyException;
import org.envelopejca.kms.policy.PolicyDocument;
import org.envelopejca.kms.policy.PolicyEvaluator;
import org.envelopejca.kms.policy.PolicyKind;
import org.envelopejca.kms.policy.RequestContext;

import javax.crypto.AEADBadTagException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded, file-backed KMS engine: AWS KMS semantics over a store directory (see the package documentation
 * for the files and formats). Every call runs under the directory lock (threads and processes), re-reads the
 * store, applies what became due (automatic rotations, ends of deletion waiting periods), does its work, writes
 * the store back atomically if it changed, and appends one audit line, success or failure.
 *
 * <p>Views made by {@link #withCaller} share the engine; {@link #close()} on any of them closes it for all.
 */
public final class LocalKms implements Kms, AutoCloseable {
    public static final String ROOT_HEADER = "root.json";
    static final String ROOT_KEY_FILE = "root.key";
    /** KMS Encrypt: at most 4096 bytes of plaintext for a symmetric key. */
    static final int MAX_SYMMETRIC_PLAINTEXT = 4096;
    /** KMS Sign/Verify: at most 4096 bytes of RAW message. */
    static final int MAX_RAW_MESSAGE = 4096;
    /** KMS Verify Signature length limit (the service model's 1..6144). */
    static final int MAX_SIGNATURE_BYTES = 6144;
    /** KMS GenerateDataKey NumberOfBytes range. */
    static final int MAX_DATA_KEY_BYTES = 1024;
    /** KMS RotateKeyOnDemand: 25 on-demand rotations per key. */
    static final int MAX_ON_DEMAND_ROTATIONS = 25;
    static final int MIN_ROTATION_DAYS = 90;
    static final int MAX_ROTATION_DAYS = 2560;
    static final int MIN_PENDING_DAYS = 7;
    static final int MAX_PENDING_DAYS = 30;
    static final int MAX_DESCRIPTION = 8192;
    static final int MAX_LIMIT = 1000;
    /** The name of a key's one policy (KMS PolicyName). */
    static final String DEFAULT_POLICY_NAME = "default";
    /** Automatic rotations caught up in one call, whatever the clock did. */
    private static final int MAX_CATCH_UP = 1000;

    private final Engine engine;
    private final Caller caller;
    private final List<String> grantTokens;

    private LocalKms(Engine engine, Caller caller) {
        this(engine, caller, List.of());
    }

    private LocalKms(Engine engine, Caller caller, List<String> grantTokens) {
        this.engine = engine;
        this.caller = caller;
        this.grantTokens = List.copyOf(grantTokens);
    }

    /**
     * Opens the store in {@code dir}, creating the directory and a new empty store when there is none. With a
     * password the root key is Argon2id of it (the salt and costs are in {@code root.json}); without one it is
     * the random 32 bytes of {@code root.key} (owner read/write only). The root key is checked against the stored
     * verifier before anything else, then the store file's MAC.
     *
     * @throws WrongPasswordException  the password (or root-key file) is not the store's; nothing was changed
     * @throws StoreIntegrityException a store file is corrupted or was tampered with (the message names it)
     * @throws IOException             the directory cannot be read or written
     */
    public static LocalKms open(Path dir, LocalKmsOptions options) throws IOException, WrongPasswordException {
        Objects.requireNonNull(options, "options");
        PrivateDirectory.prepare(dir, options.auditLog());
        DirectoryLock lock = DirectoryLock.acquire(dir);
        try {
            Path auditFile = options.auditLog() != null ? options.auditLog() : dir.resolve(AuditLog.DEFAULT_NAME);
            Engine engine = lock.<Engine, WrongPasswordException>locked(() -> {
                RootKeyStore.Opened opened = RootKeyStore.openOrCreate(dir, options);
                RootKeys rootKeys = opened.keys();
                try {
                    AtomicFiles.deleteLeftovers(dir);
                    byte[] header = opened.created() ? RootKeyStore.headerBytes(opened.newHeader())
                            : AtomicFiles.readBounded(dir.resolve(ROOT_HEADER), 64 * 1024);
                    StoreFile store = new StoreFile(dir, rootKeys, options.region(), options.account(),
                            new StoreCopies(options.copies(), options.copiesRequired(), header));
                    List<ObjectNode> opening = List.of();
                    if (opened.created()) {
                        // Store file first, root header last: a crash in between leaves an empty store that
                        // the next open recreates, never a header without its store.
                        store.write(StoreState.empty(options.region(), options.account()));
                        RootKeyStore.commit(dir, opened.newHeader());
                    } else if (!Files.exists(store.path())) {
                        throw new StoreIntegrityException(store.path(), "missing, although " + ROOT_HEADER
                                + " shows the store was created; restore it from a backup");
                    } else {
                        opening = checkAgainstAudit(store, store.load(), auditFile, rootKeys.auditKey(), options);
                    }
                    Engine started = new Engine(lock, rootKeys, store,
                            new AuditLog(auditFile, options.auditSync(), rootKeys.auditKey()),
                            options.region(), options.account(), options.clock());
                    try {
                        for (ObjectNode event : opening) {
                            started.audit.append(started.stamped(event));
                        }
                        started.recordCopyFailures(options.clock().instant());
                    } catch (IOException | RuntimeException e) {
                        started.audit.close();
                        throw e;
                    }
                    return started;
                } catch (IOException | RuntimeException e) {
                    rootKeys.close();
                    throw e;
                }
            });
            LocalKms kms = new LocalKms(engine, options.caller());
            if (options.auditDelivery() != null) {
                try {
                    engine.delivery = new AuditDelivery(dir, auditFile, options.auditDelivery(), kms,
                            options.account(), options.region(), options.clock(), engine.rootKeys.auditKey());
                    engine.delivery.start();
                } catch (RuntimeException e) {
                    kms.close();
                    throw e;
                }
            }
            return kms;
        } catch (IOException | WrongPasswordException | RuntimeException e) {
            lock.close();
            for (CopyTarget target : options.copies()) {
                target.close();
            }
            throw e;
        }
    }

    /**
     * Binds the store to its keyed audit chain at open, and returns the service events to record once the engine
     * is up. The last line of the log records the store generation of its call: a store file below it is an older
     * copy put back (refused, unless {@code acceptRollback}: the store then moves past the recorded generation and
     * the acceptance is recorded). A store that keys its log but whose log ends in an unkeyed line had its log
     * re-hashed without the key (refused). A store from before keyed chains is upgraded: it is marked keyed and an
     * {@code EnvelopeAuditChainKeyed} event, the first keyed line, chains to the last unkeyed one.
     *
     * <p>Not detected: a log cut back to before a store change together with the store put back to that point (the
     * pair is consistent), nor a store put back while its log is deleted or moved aside (nothing then records the
     * newer generation).
     */
    private static List<ObjectNode> checkAgainstAudit(StoreFile store, StoreState state, Path auditFile,
                                                      AuditKey auditKey, LocalKmsOptions options) throws IOException {
        AuditLog.LastLine last = AuditLog.lastRecord(auditFile, auditKey);
        List<ObjectNode> events = new ArrayList<>();
        AuditEvents auditEvents = new AuditEvents(options.region(), options.account());
        Instant now = options.clock().instant();
        if (last != null && !last.keyed() && state.auditKeyed()) {
            throw new StoreIntegrityException(auditFile, "its last line is unkeyed although the store keys its audit "
                    + "chain: the log was re-hashed or replaced without the key; verify it (envelope audit verify) "
                    + "and move it aside");
        }
        StoreState current = state;
        if (last != null && last.keyed() && last.storeGeneration() > state.generation()) {
            if (!options.acceptRollback()) {
                throw new StoreRollbackException(store.path(), state.generation(), last.storeGeneration(),
                        "the keyed audit log (line " + last.sequence() + " of " + auditFile + ") records");
            }
            current = store.write(state.withGeneration(last.storeGeneration()));
            ObjectNode details = Json.MAPPER.createObjectNode().put("storeGeneration", state.generation())
                    .put("recordedGeneration", last.storeGeneration()).put("newGeneration", current.generation());
            events.add(auditEvents.serviceEvent("EnvelopeStoreRollbackAccepted", null, now, details));
        }
        if (!current.auditKeyed()) {
            store.write(current.keyingItsAudit());
            ObjectNode details = Json.MAPPER.createObjectNode()
                    .put("unkeyedLines", last == null ? 0 : last.sequence());
            events.add(auditEvents.serviceEvent("EnvelopeAuditChainKeyed", null, now, details));
        }
        return events;
    }

    /**
     * An audit log in {@code file} keyed with this engine's audit key (for the endpoint's refusal log, written
     * under a lock on the file itself): lines written after the engine closed fail, as the key is zeroed then.
     */
    public AuditLog auditLogAt(Path file, boolean sync) {
        return AuditLog.at(file, sync, engine.rootKeys.auditKey());
    }

    /** A view of this engine that records {@code principalId} and {@code accessKeyId} as the caller. */
    public LocalKms withCaller(String principalId, String accessKeyId) {
        return withCaller(Caller.of(principalId, accessKeyId));
    }

    /** A view of this engine that records {@code caller} in the audit log. */
    public LocalKms withCaller(Caller caller) {
        return new LocalKms(engine, Objects.requireNonNull(caller, "caller"));
    }

    public Caller caller() {
        return caller;
    }

    /**
     * A view of this engine whose calls carry {@code tokens} as their GrantTokens (KMS: for grants not yet
     * visible). Grants here take effect at once, so the tokens are only checked: at most 10, each one this engine
     * issued (InvalidGrantTokenException otherwise).
     */
    @Override
    public LocalKms withGrantTokens(List<String> tokens) {
        return new LocalKms(engine, caller, Objects.requireNonNull(tokens, "tokens"));
    }

    /** The audit log file (verify it with {@link AuditLog#verify}). */
    public Path auditLogFile() {
        return engine.audit.path();
    }

    AuditLog auditLog() {
        return engine.audit;
    }

    /** The audit deliverer, or null when delivery is off. */
    AuditDelivery auditDelivery() {
        return engine.delivery;
    }

    public String region() {
        return engine.region;
    }

    public String account() {
        return engine.account;
    }

    @Override
    public void close() throws IOException {
        engine.close();
    }

    @Override
    public String toString() {
        return "LocalKms[" + engine.store.path().getParent() + ", caller=" + caller.principalId() + "]";
    }

    // ---------------------------------------------------------------------------------------------------------
    // Cryptographic operations

    /** KMS GenerateDataKey: NumberOfBytes 1..1024; symmetric keys only; the blob binds the encryption context. */
    @Override
    public DataKeyResult generateDataKey(String keyId, int numberOfBytes, Map<String, String> encryptionContext)
            throws KmsException {
        Map<String, String> context = context(encryptionContext);
        AuditEvents.Call call = new AuditEvents.Call("GenerateDataKey", true)
                .param("keyId", keyId).param("numberOfBytes", numberOfBytes).context("encryptionContext", context);
        return run(call, tx -> {
            if (numberOfBytes < 1 || numberOfBytes > MAX_DATA_KEY_BYTES) {
                throw new KmsException(KmsErrorCode.VALIDATION, "NumberOfBytes must be 1.." + MAX_DATA_KEY_BYTES, null);
            }
            KeyRecord key = usableSymmetric(tx, call, keyId, "GenerateDataKey", "kms:GenerateDataKey", context);
            byte[] dataKey = RootKeys.randomBytes(numberOfBytes);
            byte[] blob = encryptUnder(tx, key, dataKey, context);
            String arn = arn(key);
            call.response().put("keyId", arn);
            return new DataKeyResult(arn, dataKey, blob);
        });
    }

    /**
     * KMS Encrypt: symmetric keys take 1..4096 bytes with SYMMETRIC_DEFAULT and bind the encryption context; RSA
     * keys take RSAES_OAEP_SHA_1/256 up to the OAEP limit of their size and no encryption context.
     */
    @Override
    public CiphertextResult encrypt(String keyId, byte[] plaintext, Map<String, String> encryptionContext,
                                    EncryptionAlgorithm algorithm) throws KmsException {
        Map<String, String> context = context(encryptionContext);
        EncryptionAlgorithm alg = algorithm == null ? EncryptionAlgorithm.SYMMETRIC_DEFAULT : algorithm;
        AuditEvents.Call call = new AuditEvents.Call("Encrypt", true)
                .param("keyId", keyId).param("encryptionAlgorithm", alg.name()).context("encryptionContext", context);
        return run(call, tx -> {
            if (plaintext == null || plaintext.length == 0) {
                throw new KmsException(KmsErrorCode.VALIDATION, "Plaintext must be 1 byte or more", null);
            }
            KeyRecord key = tx.resolve(keyId);
            String arn = arn(key);
            authorize(tx, call, key, "kms:Encrypt", context);
            checkAlgorithm(key, alg);
            tx.requireEnabled(key);
            byte[] blob;
            if (key.keySpec().isSymmetric()) {
                if (plaintext.length > MAX_SYMMETRIC_PLAINTEXT) {
                    throw new KmsException(KmsErrorCode.VALIDATION, "Plaintext must be at most "
                            + MAX_SYMMETRIC_PLAINTEXT + " bytes", arn);
                }
                blob = encryptUnder(tx, key, plaintext, context);
            } else {
                if (!context.isEmpty()) {
                    throw new KmsException(KmsErrorCode.VALIDATION,
                            "EncryptionContext is not supported with asymmetric keys", arn);
                }
                int limit = KeyMaterial.oaepLimit(modulusBytes(key.keySpec()), alg);
                if (plaintext.length > limit) {
                    throw new KmsException(KmsErrorCode.VALIDATION, "Plaintext must be at most " + limit + " bytes for "
                            + key.keySpec() + " with " + alg, arn);
                }
                blob = KeyMaterial.rsaEncrypt(key.publicKey(), alg, plaintext);
            }
            call.response().put("keyId", arn);
            call.response().put("encryptionAlgorithm", alg.name());
            return new CiphertextResult(arn, blob, null);
        });
    }

    /**
     * KMS Decrypt: KeyId optional for symmetric ciphertexts (the blob names its key; a different KeyId is
     * IncorrectKeyException), required for RSA ones; the encryption context must be exactly the one used to
     * encrypt (else InvalidCiphertextException, as for any altered or foreign blob).
     */
    @Override
    public DecryptResult decrypt(byte[] ciphertextBlob, String keyId, Map<String, String> encryptionContext,
                                 EncryptionAlgorithm algorithm) throws KmsException {
        Map<String, String> context = context(encryptionContext);
        EncryptionAlgorithm alg = algorithm == null ? EncryptionAlgorithm.SYMMETRIC_DEFAULT : algorithm;
        AuditEvents.Call call = new AuditEvents.Call("Decrypt", true)
                .param("keyId", keyId).param("encryptionAlgorithm", alg.name()).context("encryptionContext", context);
        return run(call, tx -> {
            checkBlob(ciphertextBlob);
            KeyRecord key;
            byte[] plaintext;
            if (alg == EncryptionAlgorithm.SYMMETRIC_DEFAULT) {
                Decrypted d = decryptSymmetric(tx, call, ciphertextBlob, keyId, context, "kms:Decrypt");
                key = d.key;
                plaintext = d.plaintext;
            } else {
                if (keyId == null) {
                    throw new KmsException(KmsErrorCode.VALIDATION, "KeyId is required to decrypt with " + alg, null);
                }
                key = tx.resolve(keyId);
                authorize(tx, call, key, "kms:Decrypt", context);
                checkAlgorithm(key, alg);
                tx.requireEnabled(key);
                if (!context.isEmpty()) {
                    throw new KmsException(KmsErrorCode.VALIDATION,
                            "EncryptionContext is not supported with asymmetric keys", arn(key));
                }
                plaintext = rsaDecrypt(key, alg, ciphertextBlob);
            }
            call.response().put("keyId", arn(key));
            call.response().put("encryptionAlgorithm", alg.name());
            return new DecryptResult(arn(key), plaintext, alg);
        });
    }

    /** KMS ReEncrypt: decrypts under the source and encrypts under the destination without the plaintext leaving. */
    @Override
    public CiphertextResult reEncrypt(byte[] ciphertextBlob, String sourceKeyId,
                                      Map<String, String> sourceEncryptionContext, String destinationKeyId,
                                      Map<String, String> destinationEncryptionContext) throws KmsException {
        Map<String, String> sourceContext = context(sourceEncryptionContext);
        Map<String, String> destinationContext = context(destinationEncryptionContext);
        AuditEvents.Call call = new AuditEvents.Call("ReEncrypt", true)
                .param("sourceKeyId", sourceKeyId).param("destinationKeyId", destinationKeyId)
                .param("sourceEncryptionAlgorithm", EncryptionAlgorithm.SYMMETRIC_DEFAULT.name())
                .param("destinationEncryptionAlgorithm", EncryptionAlgorithm.SYMMETRIC_DEFAULT.name())
                .context("sourceEncryptionContext", sourceContext)
                .context("destinationEncryptionContext", destinationContext);
        return run(call, tx -> {
            checkBlob(ciphertextBlob);
            KeyRecord destination = usableSymmetric(tx, call, destinationKeyId, "ReEncrypt", "kms:ReEncryptTo",
                    destinationContext);
            Decrypted source = decryptSymmetric(tx, call, ciphertextBlob, sourceKeyId, sourceContext,
                    "kms:ReEncryptFrom");
            try {
                byte[] blob = encryptUnder(tx, destination, source.plaintext, destinationContext);
                call.response().put("keyId", arn(destination));
                call.response().put("sourceKeyId", arn(source.key));
                return new CiphertextResult(arn(destination), blob, arn(source.key));
            } finally {
                Arrays.fill(source.plaintext, (byte) 0);
            }
        });
    }

    /** KMS GetPublicKey: asymmetric keys only (symmetric: UnsupportedOperationException); X.509 DER. */
    @Override
    public PublicKeyResult getPublicKey(String keyId) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("GetPublicKey", true).param("keyId", keyId);
        return run(call, tx -> {
            KeyRecord key = tx.resolve(keyId);
            authorize(tx, call, key);
            if (key.keySpec().isSymmetric()) {
                throw new KmsException(KmsErrorCode.UNSUPPORTED_OPERATION,
                        "GetPublicKey is not supported for symmetric keys", arn(key));
            }
            tx.requireEnabled(key);
            call.response().put("keyId", arn(key));
            return new PublicKeyResult(arn(key), key.publicKey().clone(), key.keySpec(), algorithms(key),
                    key.keyUsage(), signingAlgorithms(key));
        });
    }

    /**
     * KMS Sign: SIGN_VERIFY keys only (else InvalidKeyUsageException), an algorithm of the key's spec (else
     * InvalidKeyUsageException), a RAW message of 1..4096 bytes or a DIGEST of the algorithm's digest length (else
     * ValidationException). The audit line names the key, the algorithm and the message type, never the message.
     */
    @Override
    public SignResult sign(String keyId, byte[] message, MessageType messageType, SigningAlgorithm algorithm)
            throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("Sign", true).param("keyId", keyId)
                .param("signingAlgorithm", algorithm == null ? null : algorithm.name())
                .param("messageType", messageType == null ? null : messageType.name());
        return run(call, tx -> {
            KeyRecord key = signingKey(tx, call, keyId, algorithm);
            byte[] digest = signedDigest(key, message, messageType, algorithm);
            byte[] signature = SigningMaterial.sign(unseal(key, key.newest()), algorithm, digest);
            call.response().put("keyId", arn(key)).put("signingAlgorithm", algorithm.name());
            return new SignResult(arn(key), signature, algorithm);
        });
    }

    /**
     * KMS Verify, with Sign's rules for key, algorithm and message; false for a signature that does not verify
     * (KMSInvalidSignatureException on the wire). Uses only the stored public key.
     */
    @Override
    public boolean verify(String keyId, byte[] message, MessageType messageType, byte[] signature,
                          SigningAlgorithm algorithm) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("Verify", true).param("keyId", keyId)
                .param("signingAlgorithm", algorithm == null ? null : algorithm.name())
                .param("messageType", messageType == null ? null : messageType.name());
        return run(call, tx -> {
            KeyRecord key = signingKey(tx, call, keyId, algorithm);
            byte[] digest = signedDigest(key, message, messageType, algorithm);
            if (signature == null || signature.length == 0 || signature.length > MAX_SIGNATURE_BYTES) {
                throw new KmsException(KmsErrorCode.VALIDATION, "Signature must be 1.." + MAX_SIGNATURE_BYTES
                        + " bytes", arn(key));
            }
            boolean valid = SigningMaterial.verify(key.publicKey(), algorithm, digest, signature);
            call.response().put("keyId", arn(key)).put("signingAlgorithm", algorithm.name())
                    .put("signatureValid", valid);
            return valid;
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Key management

    /**
     * KMS CreateKey: KeyUsage ENCRYPT_DECRYPT (symmetric, RSA) or SIGN_VERIFY (RSA, ECC), fixed for the key's life
     * (another pairing is ValidationException); a UUID key ID, or {@code mrk-} + 32 hex for a multi-Region key.
     */
    @Override
    public KeyMetadata createKey(CreateKeyRequest request) throws KmsException {
        Objects.requireNonNull(request, "request");
        AuditEvents.Call call = new AuditEvents.Call("CreateKey", false)
                .param("keySpec", request.keySpec().name()).param("keyUsage", request.keyUsage().name())
                .param("description", request.description()).param("multiRegion", request.multiRegion())
                .param("policy", request.policy())
                .param("bypassPolicyLockoutSafetyCheck", request.bypassPolicyLockoutSafetyCheck());
        // Generating material (RSA especially) is slow: done before taking the lock.
        String keyId = Identifiers.newKeyId(request.multiRegion());
        byte[] secret;
        byte[] publicKey = null;
        boolean usable = request.keySpec().usages().contains(request.keyUsage());
        if (request.keySpec().isSymmetric() || !usable) {
            secret = RootKeys.randomBytes(KeyMaterial.SYMMETRIC_KEY_BYTES);
        } else {
            KeyPair pair = request.keySpec().isEcc() ? SigningMaterial.generate(request.keySpec())
                    : generateRsa(request.keySpec());
            secret = pair.getPrivate().getEncoded();
            publicKey = pair.getPublic().getEncoded();
        }
        byte[] publicDer = publicKey;
        try {
            return run(call, tx -> {
                authorizeAccount(call);
                if (!usable) {
                    throw new KmsException(KmsErrorCode.VALIDATION, "KeyUsage " + request.keyUsage()
                            + " is not valid for KeySpec " + request.keySpec(), null);
                }
                if (request.description().length() > MAX_DESCRIPTION) {
                    throw new KmsException(KmsErrorCode.VALIDATION, "Description must be at most " + MAX_DESCRIPTION
                            + " characters", null);
                }
                String arn = tx.ids().keyArn(keyId);
                if (request.policy() != null) {
                    PolicyDocument policy = parsePolicy(request.policy());
                    if (!request.bypassPolicyLockoutSafetyCheck()) {
                        checkLockout(policy, arn);
                    }
                    tx.putPolicy(keyId, request.policy());
                }
                BackingKey first = KeyMaterial.seal(engine.rootKeys, arn, 1, tx.now(), "CREATE", secret);
                KeyRecord key = new KeyRecord(keyId, tx.now(), request.description(), request.keySpec(),
                        KeyState.ENABLED, null, request.multiRegion(), false, 0, null, 0, List.of(first), publicDer,
                        request.keyUsage());
                tx.put(key);
                call.resource(arn);
                KeyMetadata metadata = metadata(key);
                ObjectNode m = call.response().putObject("keyMetadata");
                m.put("keyId", keyId).put("arn", arn).put("keySpec", key.keySpec().name())
                        .put("keyUsage", key.keyUsage().name()).put("keyState", KeyState.ENABLED.awsName())
                        .put("creationDate", key.creationDate().toString()).put("multiRegion", key.multiRegion());
                return metadata;
            });
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** KMS DescribeKey: any key state. */
    @Override
    public KeyMetadata describeKey(String keyId) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("DescribeKey", true).param("keyId", keyId);
        return run(call, tx -> {
            KeyRecord key = tx.resolve(keyId);
            authorize(tx, call, key);
            return metadata(key);
        });
    }

    /** KMS ListKeys: Limit 1..1000, Marker from the previous page's NextMarker; keys in key ID order. */
    @Override
    public Page<KeyMetadata> listKeys(int limit, String marker) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("ListKeys", true).param("limit", limit).param("marker", marker);
        return run(call, tx -> {
            authorizeAccount(call);
            checkLimit(limit);
            if (marker != null && !Identifiers.KEY_ID.matcher(marker).matches()) {
                throw new KmsException(KmsErrorCode.INVALID_MARKER, "Marker is not one this engine gave", null);
            }
            SortedMap<String, KeyRecord> rest = marker == null ? tx.keys() : tx.keys().tailMap(marker + "\0");
            List<KeyMetadata> items = new ArrayList<>();
            String next = null;
            for (KeyRecord key : rest.values()) {
                if (items.size() == limit) {
                    next = items.get(items.size() - 1).keyId();
                    break;
                }
                items.add(metadata(key));
            }
            return new Page<>(items, next);
        });
    }

    /** KMS ListAliases: all aliases in name order, or those of one key when KeyId is given; Limit/Marker paging. */
    @Override
    public Page<AliasEntry> listAliases(String keyId, int limit, String marker) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("ListAliases", true)
                .param("keyId", keyId).param("limit", limit).param("marker", marker);
        return run(call, tx -> {
            authorizeAccount(call);
            checkLimit(limit);
            if (marker != null && !marker.startsWith(Identifiers.ALIAS_PREFIX)) {
                throw new KmsException(KmsErrorCode.INVALID_MARKER, "Marker is not one this engine gave", null);
            }
            String target = null;
            if (keyId != null) {
                KeyRecord key = tx.resolve(keyId);
                call.resource(arn(key));
                target = key.keyId();
            }
            SortedMap<String, AliasRecord> rest = marker == null ? tx.aliases() : tx.aliases().tailMap(marker + "\0");
            List<AliasEntry> items = new ArrayList<>();
            String next = null;
            for (AliasRecord alias : rest.values()) {
                if (target != null && !alias.targetKeyId().equals(target)) {
                    continue;
                }
                if (items.size() == limit) {
                    next = items.get(items.size() - 1).aliasName();
                    break;
                }
                items.add(new AliasEntry(alias.aliasName(), tx.ids().aliasArn(alias.aliasName()), alias.targetKeyId(),
                        alias.creationDate()));
            }
            return new Page<>(items, next);
        });
    }

    /**
     * KMS CreateAlias: a valid, unused name (AlreadyExistsException otherwise) for a key given by key ID or key ARN
     * (not by alias); a key pending deletion cannot get one.
     */
    @Override
    public void createAlias(String aliasName, String targetKeyId) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("CreateAlias", false)
                .param("aliasName", aliasName).param("targetKeyId", targetKeyId);
        run(call, tx -> {
            Identifiers.checkAliasName(aliasName);
            KeyRecord key = aliasTarget(tx, call, targetKeyId);
            if (tx.aliases().containsKey(aliasName)) {
                throw new KmsException(KmsErrorCode.ALREADY_EXISTS, "An alias with the name "
                        + tx.ids().aliasArn(aliasName) + " already exists", null);
            }
            tx.putAlias(new AliasRecord(aliasName, key.keyId(), tx.now(), tx.now()));
            return null;
        });
    }

    /** KMS UpdateAlias: the alias must exist; the new key must be of the same kind (symmetric or not) and usage. */
    @Override
    public void updateAlias(String aliasName, String targetKeyId) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("UpdateAlias", false)
                .param("aliasName", aliasName).param("targetKeyId", targetKeyId);
        run(call, tx -> {
            Identifiers.checkAliasName(aliasName);
            AliasRecord alias = existingAlias(tx, aliasName);
            authorize(tx, call, tx.key(alias.targetKeyId()));
            KeyRecord key = aliasTarget(tx, call, targetKeyId);
            KeyRecord current = tx.key(alias.targetKeyId());
            if (current.keySpec().isSymmetric() != key.keySpec().isSymmetric() || current.keyUsage() != key.keyUsage()) {
                throw new KmsException(KmsErrorCode.VALIDATION, "The new key must have the same key type and usage "
                        + "as the key the alias points to", arn(key));
            }
            tx.putAlias(new AliasRecord(aliasName, key.keyId(), alias.creationDate(), tx.now()));
            return null;
        });
    }

    /** KMS DeleteAlias: NotFoundException when there is no such alias; the key is not affected. */
    @Override
    public void deleteAlias(String aliasName) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("DeleteAlias", false).param("aliasName", aliasName);
        run(call, tx -> {
            Identifiers.checkAliasName(aliasName);
            AliasRecord alias = existingAlias(tx, aliasName);
            authorize(tx, call, tx.key(alias.targetKeyId()));
            tx.removeAlias(aliasName);
            return null;
        });
    }

    /** KMS EnableKey: Disabled → Enabled; a key pending deletion must first be cancelled (KMSInvalidStateException). */
    @Override
    public void enableKey(String keyId) throws KmsException {
        setEnabled("EnableKey", keyId, KeyState.ENABLED);
    }

    /** KMS DisableKey: Enabled → Disabled (crypto calls then fail with DisabledException). */
    @Override
    public void disableKey(String keyId) throws KmsException {
        setEnabled("DisableKey", keyId, KeyState.DISABLED);
    }

    /**
     * KMS ScheduleKeyDeletion: waiting period 7..30 days; the key is PendingDeletion until then (unusable, but it
     * can be described and cancelled), and deleted for good, with its aliases, once the date has passed.
     */
    @Override
    public Instant scheduleKeyDeletion(String keyId, int pendingWindowInDays) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("ScheduleKeyDeletion", false)
                .param("keyId", keyId).param("pendingWindowInDays", pendingWindowInDays);
        return run(call, tx -> {
            if (pendingWindowInDays < MIN_PENDING_DAYS || pendingWindowInDays > MAX_PENDING_DAYS) {
                throw new KmsException(KmsErrorCode.VALIDATION, "PendingWindowInDays must be " + MIN_PENDING_DAYS
                        + ".." + MAX_PENDING_DAYS, null);
            }
            KeyRecord key = tx.resolve(keyId);
            authorize(tx, call, key);
            tx.requireNotPendingDeletion(key);
            Instant deletion = tx.now().plus(Duration.ofDays(pendingWindowInDays));
            tx.put(key.withState(KeyState.PENDING_DELETION, deletion));
            call.response().put("keyId", arn(key)).put("deletionDate", deletion.toString())
                    .put("keyState", KeyState.PENDING_DELETION.awsName()).put("pendingWindowInDays", pendingWindowInDays);
            return deletion;
        });
    }

    /** KMS CancelKeyDeletion: PendingDeletion → Disabled (as KMS does; enable it again explicitly). */
    @Override
    public void cancelKeyDeletion(String keyId) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("CancelKeyDeletion", false).param("keyId", keyId);
        run(call, tx -> {
            KeyRecord key = tx.resolve(keyId);
            authorize(tx, call, key);
            if (key.keyState() != KeyState.PENDING_DELETION) {
                throw new KmsException(KmsErrorCode.INVALID_STATE, arn(key) + " is not pending deletion.", arn(key));
            }
            tx.put(key.withState(KeyState.DISABLED, null));
            call.response().put("keyId", arn(key));
            return null;
        });
    }

    /**
     * KMS EnableKeyRotation: symmetric keys only (UnsupportedOperationException otherwise), period 90..2560 days;
     * the first automatic rotation comes one period after enabling (or after the last rotation when only the
     * period changes).
     */
    @Override
    public void enableKeyRotation(String keyId, int rotationPeriodInDays) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("EnableKeyRotation", false)
                .param("keyId", keyId).param("rotationPeriodInDays", rotationPeriodInDays);
        run(call, tx -> {
            if (rotationPeriodInDays < MIN_ROTATION_DAYS || rotationPeriodInDays > MAX_ROTATION_DAYS) {
                throw new KmsException(KmsErrorCode.VALIDATION, "RotationPeriodInDays must be " + MIN_ROTATION_DAYS
                        + ".." + MAX_ROTATION_DAYS, null);
            }
            KeyRecord key = rotatable(tx, call, keyId);
            Duration period = Duration.ofDays(rotationPeriodInDays);
            Instant anchor = key.rotationEnabled() ? key.nextRotationDate().minus(Duration.ofDays(key.rotationPeriodDays()))
                    : tx.now();
            Instant next = anchor.plus(period);
            if (next.isBefore(tx.now())) {
                next = tx.now();
            }
            tx.put(key.withRotation(true, rotationPeriodInDays, next));
            return null;
        });
    }

    /** KMS DisableKeyRotation: automatic rotation stops; existing versions stay. */
    @Override
    public void disableKeyRotation(String keyId) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("DisableKeyRotation", false).param("keyId", keyId);
        run(call, tx -> {
            KeyRecord key = rotatable(tx, call, keyId);
            tx.put(key.withRotation(false, key.rotationPeriodDays(), null));
            return null;
        });
    }

    /**
     * KMS RotateKeyOnDemand: new backing material now (new ciphertexts use it, older ones keep decrypting), at most
     * 25 times per key (LimitExceededException); the automatic schedule is not affected.
     */
    @Override
    public void rotateKeyOnDemand(String keyId) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("RotateKeyOnDemand", false).param("keyId", keyId);
        run(call, tx -> {
            KeyRecord key = rotatable(tx, call, keyId);
            if (key.onDemandRotations() >= MAX_ON_DEMAND_ROTATIONS) {
                throw new KmsException(KmsErrorCode.LIMIT_EXCEEDED, "The on-demand rotation limit ("
                        + MAX_ON_DEMAND_ROTATIONS + ") has been reached", arn(key));
            }
            tx.put(rotate(key, tx.now(), "ON_DEMAND"));
            call.response().put("keyId", arn(key));
            return null;
        });
    }

    /** KMS GetKeyRotationStatus: symmetric keys only. */
    @Override
    public RotationStatus getKeyRotationStatus(String keyId) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("GetKeyRotationStatus", true).param("keyId", keyId);
        return run(call, tx -> {
            KeyRecord key = tx.resolve(keyId);
            authorize(tx, call, key);
            if (!key.keySpec().isSymmetric()) {
                throw new KmsException(KmsErrorCode.UNSUPPORTED_OPERATION,
                        "Rotation is not supported for asymmetric keys", arn(key));
            }
            return new RotationStatus(key.rotationEnabled(), key.rotationEnabled() ? key.rotationPeriodDays() : 0,
                    key.rotationEnabled() ? key.nextRotationDate() : null, key.onDemandRotations());
        });
    }

    /** How many backing key versions a key has (1 + its rotations); for tests and tools. */
    public int keyVersionCount(String keyId) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("ListKeyRotations", true).param("keyId", keyId);
        return run(call, tx -> {
            KeyRecord key = tx.resolve(keyId);
            authorize(tx, call, key);
            return key.versions().size();
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Key policies (KMS Developer Guide, "Key policies in AWS KMS"; evaluation: org.envelopejca.kms.policy)

    /** KMS GetKeyPolicy: the policy put on the key, or KMS's default key policy when none was. */
    @Override
    public String getKeyPolicy(String keyId) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("GetKeyPolicy", true).param("keyId", keyId)
                .param("policyName", DEFAULT_POLICY_NAME);
        return run(call, tx -> {
            KeyRecord key = tx.resolve(keyId);
            authorize(tx, call, key);
            String policy = tx.policy(key.keyId());
            return policy != null ? policy : defaultPolicyText(engine.account);
        });
    }

    /**
     * KMS PutKeyPolicy: the document is checked (MalformedPolicyDocumentException: syntax, size, unknown
     * condition keys or operators) and, unless {@code bypassPolicyLockoutSafetyCheck}, must let the caller put a
     * policy again (KMS's lockout safety check); nothing is stored when either fails.
     */
    @Override
    public void putKeyPolicy(String keyId, String policy, boolean bypassPolicyLockoutSafetyCheck)
            throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("PutKeyPolicy", false).param("keyId", keyId)
                .param("policyName", DEFAULT_POLICY_NAME).param("policy", policy)
                .param("bypassPolicyLockoutSafetyCheck", bypassPolicyLockoutSafetyCheck);
        run(call, tx -> {
            KeyRecord key = tx.resolve(keyId);
            authorize(tx, call, key);
            tx.requireNotPendingDeletion(key);
            PolicyDocument parsed = parsePolicy(policy);
            if (!bypassPolicyLockoutSafetyCheck) {
                checkLockout(parsed, arn(key));
            }
            tx.putPolicy(key.keyId(), policy);
            return null;
        });
    }

    /** KMS ListKeyPolicies: a key has one policy, {@code default}. */
    @Override
    public List<String> listKeyPolicies(String keyId) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("ListKeyPolicies", true).param("keyId", keyId);
        return run(call, tx -> {
            KeyRecord key = tx.resolve(keyId);
            authorize(tx, call, key);
            return List.of(DEFAULT_POLICY_NAME);
        });
    }

    /**
     * KMS's default key policy for keys created through the API (KMS Developer Guide, "Default key policy"): the
     * account's root may do everything, which lets identity policies grant access.
     */
    static String defaultPolicyText(String account) {
        return "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n"
                + "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n"
                + "    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::" + account + ":root\"\n    },\n"
                + "    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}";
    }

    /** Records the key as the call's resource and authorizes the call's own action on it. */
    private Decision authorize(StoreTransaction tx, AuditEvents.Call call, KeyRecord key) throws KmsException {
        return authorize(tx, call, key, "kms:" + call.operation, Map.of());
    }

    private Decision authorize(StoreTransaction tx, AuditEvents.Call call, KeyRecord key, String action,
                               Map<String, String> context) throws KmsException {
        return authorize(tx, call, key, action, context, b -> b);
    }

    /**
     * Records the key as the call's resource and decides the caller's {@code action} on it by the key's policy
     * (and the caller's identity policies, none for in-process callers); a refusal is AccessDeniedException in
     * KMS's words. The audit line names the statement that decided.
     */
    private Decision authorize(StoreTransaction tx, AuditEvents.Call call, KeyRecord key, String action,
                               Map<String, String> context, java.util.function.UnaryOperator<RequestContext.Builder> more)
            throws KmsException {
        GrantTokens.check(grantTokens);
        String arn = arn(key);
        call.resource(arn);
        List<String> aliases = new ArrayList<>();
        for (AliasRecord alias : tx.aliases().values()) {
            if (alias.targetKeyId().equals(key.keyId())) {
                aliases.add(alias.aliasName());
            }
        }
        RequestContext.Builder builder = request(action, arn).encryptionContext(context)
                .keySpec(key.keySpec().name()).keyUsage("ENCRYPT_DECRYPT").resourceAliases(aliases);
        String requestAlias = tx.requestAlias(key.keyId());
        if (requestAlias != null) {
            builder.requestAlias(requestAlias);
        }
        RequestContext request = more.apply(builder).build();
        String stored = tx.policy(key.keyId());
        PolicyDocument policy = stored == null ? engine.defaultPolicy : engine.policies.parse(stored);
        List<GrantPermission> grants = new ArrayList<>();
        for (GrantRecord g : tx.grants().values()) {
            if (g.keyId().equals(key.keyId())) {
                grants.add(new GrantPermission(g.grantId(), g.granteePrincipal(), java.util.Set.copyOf(g.operations()),
                        g.contextEquals(), g.contextSubset()));
            }
        }
        return decide(call, request, policy, grants);
    }

    /** Authorizes the call's action on no key (CreateKey, ListKeys, ListAliases): identity policies alone. */
    private void authorizeAccount(AuditEvents.Call call) throws KmsException {
        GrantTokens.check(grantTokens);
        decide(call, request("kms:" + call.operation, "*").build(), null, List.of());
    }

    private Decision decide(AuditEvents.Call call, RequestContext request, PolicyDocument keyPolicy,
                            List<GrantPermission> grants) throws KmsException {
        Decision d = PolicyEvaluator.evaluate(request, engine.account, keyPolicy, caller.identityPolicies(), grants);
        call.authorization(request.action(), request.resource(), d.outcome().name(), d.source().name(),
                d.decidingId());
        if (!d.allowed()) {
            throw new KmsException(KmsErrorCode.ACCESS_DENIED, d.accessDeniedMessage(request),
                    "*".equals(request.resource()) ? null : request.resource());
        }
        return d;
    }

    private RequestContext.Builder request(String action, String resource) {
        AwsPrincipal principal = caller.principal(engine.account);
        return RequestContext.builder(principal, action, resource).currentTime(engine.clock.instant());
    }

    private static PolicyDocument parsePolicy(String policy) throws KmsException {
        try {
            return PolicyDocument.parse(PolicyKind.KEY_POLICY, policy);
        } catch (MalformedPolicyException e) {
            throw new KmsException(KmsErrorCode.MALFORMED_POLICY_DOCUMENT, e.getMessage(), null);
        }
    }

    /**
     * KMS's lockout safety check: the new policy must allow the caller to call PutKeyPolicy on the key (KMS API
     * Reference, PutKeyPolicy, BypassPolicyLockoutSafetyCheck).
     */
    private void checkLockout(PolicyDocument policy, String arn) throws KmsException {
        RequestContext request = request("kms:PutKeyPolicy", arn).build();
        if (!PolicyEvaluator.evaluate(request, engine.account, policy, caller.identityPolicies(), List.of())
                .allowed()) {
            throw new KmsException(KmsErrorCode.MALFORMED_POLICY_DOCUMENT,
                    "The new key policy will not allow you to update the key policy in the future.", arn);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Grants (KMS Developer Guide, "Grants in AWS KMS"; KMS API Reference, CreateGrant ... RevokeGrant)

    /** KMS GrantOperation: every value the API knows. */
    static final java.util.Set<String> GRANT_OPERATIONS = java.util.Set.of("Decrypt", "Encrypt", "GenerateDataKey",
            "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "Sign", "Verify", "GetPublicKey",
            "CreateGrant", "RetireGrant", "DescribeKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
            "GenerateMac", "VerifyMac", "DeriveSharedSecret");
    /** The operations a grant on a symmetric encryption key may allow (KMS: grant operations by key type). */
    static final java.util.Set<String> SYMMETRIC_GRANT_OPERATIONS = java.util.Set.of("Decrypt", "Encrypt",
            "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "CreateGrant",
            "RetireGrant", "DescribeKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext");
    /** The operations a grant on an RSA ENCRYPT_DECRYPT key may allow. */
    static final java.util.Set<String> RSA_GRANT_OPERATIONS = java.util.Set.of("Decrypt", "Encrypt", "ReEncryptFrom",
            "ReEncryptTo", "GetPublicKey", "CreateGrant", "RetireGrant", "DescribeKey");
    private static final java.util.regex.Pattern GRANT_NAME = java.util.regex.Pattern.compile("[a-zA-Z0-9:/_-]{1,256}");
    private static final java.util.regex.Pattern GRANT_ID = java.util.regex.Pattern.compile("[0-9a-f]{64}");
    static final int MAX_GRANT_LIMIT = 100;

    /**
     * KMS CreateGrant: the grantee, operations valid for the key's type, at most one constraint (constraints only on
     * symmetric keys), an optional retiring principal and name. A repeated name with the same parameters returns
     * the existing grant's ID (with a new token). Authorized as kms:CreateGrant with kms:GrantOperations,
     * kms:GranteePrincipal, kms:RetiringPrincipal and kms:GrantIsForAWSResource; a grantee allowed by a grant may
     * grant no operation that grant does not have. Nothing is stored when anything is refused.
     */
    @Override
    public org.envelopejca.kms.GrantResult createGrant(org.envelopejca.kms.CreateGrantRequest request)
            throws KmsException {
        Objects.requireNonNull(request, "request");
        AuditEvents.Call call = new AuditEvents.Call("CreateGrant", false).param("keyId", request.keyId())
                .param("granteePrincipal", request.granteePrincipal())
                .param("retiringPrincipal", request.retiringPrincipal()).param("name", request.name())
                .param("operations", String.join(",", request.operations()));
        if (request.contextEquals() != null) {
            call.context("encryptionContextEquals", request.contextEquals());
        }
        if (request.contextSubset() != null) {
            call.context("encryptionContextSubset", request.contextSubset());
        }
        return withGrantTokens(request.grantTokens()).runCreateGrant(call, request);
    }

    private org.envelopejca.kms.GrantResult runCreateGrant(AuditEvents.Call call,
                                                            org.envelopejca.kms.CreateGrantRequest request)
            throws KmsException {
        return run(call, tx -> {
            GrantTokens.check(grantTokens);
            KeyRecord key = tx.resolve(request.keyId());
            List<String> operations = request.operations();
            if (request.granteePrincipal() == null || AwsPrincipal.parse(request.granteePrincipal()).isEmpty()) {
                throw new KmsException(KmsErrorCode.VALIDATION, "GranteePrincipal must be an IAM principal ARN", null);
            }
            if (request.retiringPrincipal() != null && AwsPrincipal.parse(request.retiringPrincipal()).isEmpty()) {
                throw new KmsException(KmsErrorCode.VALIDATION, "RetiringPrincipal must be an IAM principal ARN",
                        null);
            }
            if (operations.isEmpty()) {
                throw new KmsException(KmsErrorCode.VALIDATION, "Operations must name at least one operation", null);
            }
            java.util.Set<String> allowed = key.keySpec().isSymmetric() ? SYMMETRIC_GRANT_OPERATIONS
                    : RSA_GRANT_OPERATIONS;
            for (String op : operations) {
                if (!GRANT_OPERATIONS.contains(op)) {
                    throw new KmsException(KmsErrorCode.VALIDATION, "Operations: '" + op.substring(0,
                            Math.min(op.length(), 64)) + "' is not a grant operation", null);
                }
                if (!allowed.contains(op)) {
                    throw new KmsException(KmsErrorCode.VALIDATION, "Operations: " + op + " is not valid for a "
                            + key.keySpec() + " key", arn(key));
                }
            }
            if (request.contextEquals() != null && request.contextSubset() != null) {
                throw new KmsException(KmsErrorCode.VALIDATION,
                        "Constraints can hold EncryptionContextEquals or EncryptionContextSubset, not both", null);
            }
            checkConstraintSize("EncryptionContextEquals", request.contextEquals());
            checkConstraintSize("EncryptionContextSubset", request.contextSubset());
            if ((request.contextEquals() != null || request.contextSubset() != null)
                    && !key.keySpec().isSymmetric()) {
                throw new KmsException(KmsErrorCode.VALIDATION,
                        "Grant constraints are not supported for asymmetric keys", arn(key));
            }
            if (request.name() != null && !GRANT_NAME.matcher(request.name()).matches()) {
                throw new KmsException(KmsErrorCode.VALIDATION, "Name must be 1..256 characters of a-z A-Z 0-9 : / _ -",
                        null);
            }
            Decision d = authorize(tx, call, key, "kms:CreateGrant", Map.of(), b -> {
                b.grantOperations(operations).granteePrincipal(request.granteePrincipal()).grantIsForAwsResource(false);
                return request.retiringPrincipal() == null ? b : b.retiringPrincipal(request.retiringPrincipal());
            });
            if (d.source() == Decision.Source.GRANT) {
                // a grantee may pass on only what its grant has (KMS Developer Guide, "Grants", CreateGrant in a grant)
                GrantRecord parent = tx.grants().get(d.decidingId());
                if (!parent.operations().containsAll(operations)) {
                    throw new KmsException(KmsErrorCode.ACCESS_DENIED, "User: " + caller.principal(engine.account).arn()
                            + " is not authorized to perform: kms:CreateGrant on resource: " + arn(key)
                            + " because its grant " + parent.grantId() + " does not have every operation requested",
                            arn(key));
                }
                GrantPermission parentPermission = new GrantPermission(parent.grantId(), parent.granteePrincipal(),
                        java.util.Set.copyOf(parent.operations()), parent.contextEquals(), parent.contextSubset());
                if (!parentPermission.admitsChildConstraints(request.contextEquals(), request.contextSubset())) {
                    throw new KmsException(KmsErrorCode.ACCESS_DENIED, "User: " + caller.principal(engine.account).arn()
                            + " is not authorized to perform: kms:CreateGrant on resource: " + arn(key)
                            + " because its grant " + parent.grantId() + " requires an encryption context constraint"
                            + " as strict as its own", arn(key));
                }
            }
            tx.requireNotPendingDeletion(key);
            GrantRecord grant = new GrantRecord(HexFormat.of().formatHex(RootKeys.randomBytes(32)), key.keyId(),
                    request.name(), tx.now(), request.granteePrincipal(), request.retiringPrincipal(), operations,
                    request.contextEquals(), request.contextSubset());
            if (request.name() != null) {
                for (GrantRecord existing : tx.grants().values()) {
                    if (existing.sameRequest(grant)) {
                        grant = existing;
                        break;
                    }
                }
            }
            if (!tx.grants().containsKey(grant.grantId())) {
                tx.putGrant(grant);
            }
            call.response().put("grantId", grant.grantId());
            return new org.envelopejca.kms.GrantResult(grant.grantId(), GrantTokens.issue(grant.grantId()));
        });
    }

    /**
     * KMS API Reference, CreateGrant, Constraints: "Each constraint value can include up to 8 encryption context
     * pairs. The encryption context value in each constraint cannot exceed 384 characters."
     */
    private static void checkConstraintSize(String member, Map<String, String> constraint) throws KmsException {
        if (constraint == null) {
            return;
        }
        if (GrantPermission.hasKeysEqualButForCase(constraint)) {
            // grant constraints compare keys without case (GrantConstraints), so such a pair would be ambiguous
            throw new KmsException(KmsErrorCode.VALIDATION, "Constraints." + member
                    + " has two keys that differ only in case", null);
        }
        if (constraint.size() > 8) {
            throw new KmsException(KmsErrorCode.VALIDATION, "Constraints." + member + " can hold at most 8 pairs",
                    null);
        }
        for (String value : constraint.values()) {
            if (value == null || value.length() > 384) {
                throw new KmsException(KmsErrorCode.VALIDATION, "Constraints." + member
                        + ": a value can be at most 384 characters", null);
            }
        }
    }

    /** KMS ListGrants: the key's grants in grant ID order, optionally one ID or one grantee; Limit 1..100. */
    @Override
    public Page<org.envelopejca.kms.GrantEntry> listGrants(String keyId, String grantId, String granteePrincipal,
                                                            int limit, String marker) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("ListGrants", true).param("keyId", keyId)
                .param("grantId", grantId).param("granteePrincipal", granteePrincipal).param("limit", limit)
                .param("marker", marker);
        return run(call, tx -> {
            KeyRecord key = tx.resolve(keyId);
            authorize(tx, call, key);
            return grantPage(tx, limit, marker, g -> g.keyId().equals(key.keyId())
                    && (grantId == null || g.grantId().equals(grantId))
                    && (granteePrincipal == null || g.granteePrincipal().equals(granteePrincipal)));
        });
    }

    /** KMS ListRetirableGrants: grants on any key whose retiring principal is the one given (identity policies). */
    @Override
    public Page<org.envelopejca.kms.GrantEntry> listRetirableGrants(String retiringPrincipal, int limit,
                                                                     String marker) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("ListRetirableGrants", true)
                .param("retiringPrincipal", retiringPrincipal).param("limit", limit).param("marker", marker);
        return run(call, tx -> {
            authorizeAccount(call);
            if (retiringPrincipal == null || AwsPrincipal.parse(retiringPrincipal).isEmpty()) {
                throw new KmsException(KmsErrorCode.VALIDATION, "RetiringPrincipal must be an IAM principal ARN",
                        null);
            }
            return grantPage(tx, limit, marker, g -> retiringPrincipal.equals(g.retiringPrincipal()));
        });
    }

    /**
     * KMS RetireGrant: the grant named by its token, or by key and grant ID; only its retiring principal, its
     * grantee when it has RetireGrant, or the account's root may retire it (KMS API Reference, RetireGrant).
     */
    @Override
    public void retireGrant(String grantToken, String keyId, String grantId) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("RetireGrant", false).param("keyId", keyId)
                .param("grantId", grantId);
        run(call, tx -> {
            String id;
            if (grantToken != null) {
                id = GrantTokens.grantId(grantToken).orElseThrow(() -> new KmsException(
                        KmsErrorCode.INVALID_GRANT_TOKEN, "The grant token is not valid", null));
                if (grantId != null && !grantId.equals(id)) {
                    throw new KmsException(KmsErrorCode.VALIDATION, "GrantId does not match the grant token", null);
                }
            } else if (keyId == null || grantId == null) {
                throw new KmsException(KmsErrorCode.VALIDATION, "RetireGrant needs a GrantToken, or a KeyId and a "
                        + "GrantId", null);
            } else {
                id = checkGrantId(grantId);
            }
            GrantRecord grant = existingGrant(tx, keyId, id);
            KeyRecord key = tx.key(grant.keyId());
            String arn = arn(key);
            call.resource(arn);
            AwsPrincipal me = caller.principal(engine.account);
            boolean retiree = me.arn().equals(grant.retiringPrincipal()) || me.policyArn().equals(grant.retiringPrincipal());
            boolean grantee = (me.arn().equals(grant.granteePrincipal()) || me.policyArn().equals(grant.granteePrincipal()))
                    && grant.operations().contains("RetireGrant");
            boolean account = me.isRoot() && me.account().equals(engine.account);
            call.authorization("kms:RetireGrant", arn, retiree || grantee || account ? "ALLOW" : "IMPLICIT_DENY",
                    "GRANT", grant.grantId());
            if (!(retiree || grantee || account)) {
                throw new KmsException(KmsErrorCode.ACCESS_DENIED, "User: " + me.arn() + " is not authorized to "
                        + "perform: kms:RetireGrant on resource: " + arn + " because it is not the grant's retiring "
                        + "principal, its grantee with RetireGrant, or the account", arn);
            }
            tx.removeGrant(grant.grantId());
            return null;
        });
    }

    /** KMS RevokeGrant: by key and grant ID, as the key policy allows kms:RevokeGrant. */
    @Override
    public void revokeGrant(String keyId, String grantId) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call("RevokeGrant", false).param("keyId", keyId)
                .param("grantId", grantId);
        run(call, tx -> {
            KeyRecord key = tx.resolve(keyId);
            authorize(tx, call, key);
            GrantRecord grant = existingGrant(tx, keyId, checkGrantId(grantId));
            tx.removeGrant(grant.grantId());
            return null;
        });
    }

    private static String checkGrantId(String grantId) throws KmsException {
        if (grantId == null || !GRANT_ID.matcher(grantId).matches()) {
            throw new KmsException(KmsErrorCode.INVALID_GRANT_ID, "The grant ID is not valid", null);
        }
        return grantId;
    }

    /** The grant of this ID (on the key, when one is named); NotFoundException when there is none. */
    private static GrantRecord existingGrant(StoreTransaction tx, String keyId, String grantId) throws KmsException {
        GrantRecord grant = tx.grants().get(grantId);
        if (grant != null && keyId != null && !tx.resolve(keyId).keyId().equals(grant.keyId())) {
            grant = null;
        }
        if (grant == null) {
            throw new KmsException(KmsErrorCode.NOT_FOUND, "Grant ID " + grantId + " not found", null);
        }
        return grant;
    }

    private Page<org.envelopejca.kms.GrantEntry> grantPage(StoreTransaction tx, int limit, String marker,
                                                            java.util.function.Predicate<GrantRecord> filter)
            throws KmsException {
        if (limit < 1 || limit > MAX_GRANT_LIMIT) {
            throw new KmsException(KmsErrorCode.VALIDATION, "Limit must be 1.." + MAX_GRANT_LIMIT, null);
        }
        if (marker != null && !GRANT_ID.matcher(marker).matches()) {
            throw new KmsException(KmsErrorCode.INVALID_MARKER, "Marker is not one this engine gave", null);
        }
        SortedMap<String, GrantRecord> rest = marker == null ? tx.grants() : tx.grants().tailMap(marker + "\0");
        List<org.envelopejca.kms.GrantEntry> items = new ArrayList<>();
        String next = null;
        for (GrantRecord g : rest.values()) {
            if (!filter.test(g)) {
                continue;
            }
            if (items.size() == limit) {
                next = items.get(items.size() - 1).grantId();
                break;
            }
            items.add(new org.envelopejca.kms.GrantEntry(tx.ids().keyArn(g.keyId()), g.grantId(), g.name(),
                    g.creationDate(), g.granteePrincipal(), g.retiringPrincipal(),
                    "arn:aws:iam::" + engine.account + ":root", g.operations(), g.contextEquals(), g.contextSubset()));
        }
        return new Page<>(items, next);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Internals

    private void setEnabled(String operation, String keyId, KeyState state) throws KmsException {
        AuditEvents.Call call = new AuditEvents.Call(operation, false).param("keyId", keyId);
        run(call, tx -> {
            KeyRecord key = tx.resolve(keyId);
            authorize(tx, call, key);
            tx.requireNotPendingDeletion(key);
            if (key.keyState() != state) {
                tx.put(key.withState(state, null));
            }
            return null;
        });
    }

    private KeyRecord rotatable(StoreTransaction tx, AuditEvents.Call call, String keyId) throws KmsException {
        KeyRecord key = tx.resolve(keyId);
        authorize(tx, call, key);
        if (!key.keySpec().isSymmetric()) {
            throw new KmsException(KmsErrorCode.UNSUPPORTED_OPERATION,
                    "Rotation is not supported for asymmetric keys", arn(key));
        }
        tx.requireEnabled(key);
        return key;
    }

    private KeyRecord aliasTarget(StoreTransaction tx, AuditEvents.Call call, String targetKeyId) throws KmsException {
        if (targetKeyId != null && (targetKeyId.startsWith(Identifiers.ALIAS_PREFIX)
                || targetKeyId.startsWith("arn:") && targetKeyId.contains(":" + Identifiers.ALIAS_PREFIX))) {
            throw new KmsException(KmsErrorCode.VALIDATION, "TargetKeyId must be a key ID or key ARN, not an alias",
                    null);
        }
        KeyRecord key = tx.resolve(targetKeyId);
        authorize(tx, call, key);
        tx.requireNotPendingDeletion(key);
        return key;
    }

    private static AliasRecord existingAlias(StoreTransaction tx, String aliasName) throws KmsException {
        AliasRecord alias = tx.aliases().get(aliasName);
        if (alias == null) {
            throw new KmsException(KmsErrorCode.NOT_FOUND, "Alias " + tx.ids().aliasArn(aliasName) + " is not found.",
                    null);
        }
        return alias;
    }

    private KeyRecord usableSymmetric(StoreTransaction tx, AuditEvents.Call call, String keyId, String operation,
                                      String action, Map<String, String> context) throws KmsException {
        KeyRecord key = tx.resolve(keyId);
        authorize(tx, call, key, action, context);
        if (!key.keySpec().isSymmetric()) {
            throw new KmsException(KmsErrorCode.INVALID_KEY_USAGE, operation + " needs a symmetric key; "
                    + key.keySpec() + " is not", arn(key));
        }
        tx.requireEnabled(key);
        return key;
    }

    /** An enabled SIGN_VERIFY key whose spec signs with {@code algorithm}. */
    private KeyRecord signingKey(StoreTransaction tx, AuditEvents.Call call, String keyId, SigningAlgorithm algorithm)
            throws KmsException {
        if (algorithm == null) {
            throw new KmsException(KmsErrorCode.VALIDATION, "SigningAlgorithm is required", null);
        }
        KeyRecord key = tx.resolve(keyId);
        call.resource(arn(key));
        if (key.keyUsage() != KeyUsage.SIGN_VERIFY) {
            throw new KmsException(KmsErrorCode.INVALID_KEY_USAGE, "The key's usage is " + key.keyUsage()
                    + ", not SIGN_VERIFY", arn(key));
        }
        if (!algorithm.supports(key.keySpec())) {
            throw new KmsException(KmsErrorCode.INVALID_KEY_USAGE, key.keySpec() + " keys do not sign with "
                    + algorithm, arn(key));
        }
        tx.requireEnabled(key);
        return key;
    }

    /** The digest to sign or verify: a DIGEST as given (of the algorithm's length), a RAW message (≤ 4096) hashed. */
    private byte[] signedDigest(KeyRecord key, byte[] message, MessageType messageType, SigningAlgorithm algorithm)
            throws KmsException {
        MessageType type = messageType == null ? MessageType.RAW : messageType;
        if (type == MessageType.DIGEST) {
            if (message == null || message.length != algorithm.digestLength()) {
                throw new KmsException(KmsErrorCode.VALIDATION, "A DIGEST for " + algorithm + " must be "
                        + algorithm.digestLength() + " bytes", arn(key));
            }
            return message.clone();
        }
        if (message == null || message.length == 0 || message.length > MAX_RAW_MESSAGE) {
            throw new KmsException(KmsErrorCode.VALIDATION, "A RAW Message must be 1.." + MAX_RAW_MESSAGE
                    + " bytes", arn(key));
        }
        return SigningMaterial.digest(algorithm, message);
    }

    /** KMS: the key must support the algorithm (InvalidKeyUsageException otherwise). */
    private void checkAlgorithm(KeyRecord key, EncryptionAlgorithm alg) throws KmsException {
        if (!algorithms(key).contains(alg)) {
            throw new KmsException(KmsErrorCode.INVALID_KEY_USAGE, key.keySpec() + " keys of usage " + key.keyUsage()
                    + " do not support " + alg, arn(key));
        }
    }

    private static void checkBlob(byte[] blob) throws KmsException {
        if (blob == null || blob.length == 0 || blob.length > SymmetricCiphertext.MAX_BLOB_BYTES) {
            throw new KmsException(KmsErrorCode.VALIDATION, "CiphertextBlob must be 1.."
                    + SymmetricCiphertext.MAX_BLOB_BYTES + " bytes", null);
        }
    }

    private static void checkLimit(int limit) throws KmsException {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new KmsException(KmsErrorCode.VALIDATION, "Limit must be 1.." + MAX_LIMIT, null);
        }
    }

    private record Decrypted(KeyRecord key, byte[] plaintext) {
    }

    private Decrypted decryptSymmetric(StoreTransaction tx, AuditEvents.Call call, byte[] blob, String keyId,
                                       Map<String, String> context, String action) throws KmsException {
        KeyRecord given = null;
        if (keyId != null) {
            given = tx.resolve(keyId);
            call.resource(arn(given));
            checkAlgorithm(given, EncryptionAlgorithm.SYMMETRIC_DEFAULT);
        }
        SymmetricCiphertext parsed = SymmetricCiphertext.parse(blob).orElseThrow(() -> new KmsException(
                KmsErrorCode.INVALID_CIPHERTEXT, "The ciphertext is not a valid ciphertext of this KMS", null));
        if (given != null && !given.keyId().equals(parsed.keyId())) {
            throw new KmsException(KmsErrorCode.INCORRECT_KEY, "The key ID in the request does not identify the key "
                    + "that encrypted the ciphertext", arn(given));
        }
        KeyRecord key = given != null ? given : tx.key(parsed.keyId());
        String arn = arn(key);
        authorize(tx, call, key, action, context);
        tx.requireEnabled(key);
        BackingKey backing = key.version(parsed.version());
        if (backing == null) {
            throw new KmsException(KmsErrorCode.INVALID_CIPHERTEXT, "The ciphertext names no version of its key", arn);
        }
        byte[] material = unseal(key, backing);
        try {
            return new Decrypted(key, KeyMaterial.decryptSymmetric(material, arn, parsed, context));
        } catch (AEADBadTagException e) {
            throw new KmsException(KmsErrorCode.INVALID_CIPHERTEXT,
                    "The ciphertext or its encryption context is not the one encrypted", arn);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    private byte[] rsaDecrypt(KeyRecord key, EncryptionAlgorithm alg, byte[] ciphertext) throws KmsException {
        if (ciphertext.length != modulusBytes(key.keySpec())) {
            throw new KmsException(KmsErrorCode.INVALID_CIPHERTEXT, "The ciphertext is not one of this key's size",
                    arn(key));
        }
        byte[] pkcs8 = unseal(key, key.newest());
        try {
            return KeyMaterial.rsaDecrypt(pkcs8, alg, ciphertext);
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsErrorCode.INVALID_CIPHERTEXT, "The ciphertext could not be decrypted with "
                    + alg, arn(key));
        }
    }

    /** Encrypts under the key's newest version (KMS: new ciphertexts always use the current material). */
    private byte[] encryptUnder(StoreTransaction tx, KeyRecord key, byte[] plaintext, Map<String, String> context)
            throws KmsException {
        BackingKey newest = key.newest();
        byte[] material = unseal(key, newest);
        try {
            return KeyMaterial.encryptSymmetric(material, key.keyId(), arn(key), newest.version(), plaintext, context);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    private byte[] unseal(KeyRecord key, BackingKey backing) throws KmsException {
        try {
            return KeyMaterial.unseal(engine.rootKeys, arn(key), backing);
        } catch (AEADBadTagException e) {
            // The store's MAC held, so this is a bug or a forgery made with the root key: refuse either way.
            throw new KmsException(KmsErrorCode.INTERNAL, "Key material of version " + backing.version()
                    + " fails its integrity check", arn(key));
        }
    }

    private KeyRecord rotate(KeyRecord key, Instant when, String origin) {
        byte[] material = RootKeys.randomBytes(KeyMaterial.SYMMETRIC_KEY_BYTES);
        try {
            int version = key.versions().size() + 1;
            BackingKey added = KeyMaterial.seal(engine.rootKeys, arn(key), version, when, origin, material);
            return key.withVersion(added, origin.equals("ON_DEMAND"));
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    private KeyMetadata metadata(KeyRecord key) {
        return new KeyMetadata(key.keyId(), arn(key), key.creationDate(), key.description(), key.keySpec(),
                key.keyState(), key.deletionDate(), algorithms(key), key.multiRegion(), key.keyUsage(),
                signingAlgorithms(key));
    }

    /** The encryption algorithms of a key: none for a signing key. */
    private static List<EncryptionAlgorithm> algorithms(KeyRecord key) {
        if (key.keyUsage() != KeyUsage.ENCRYPT_DECRYPT) {
            return List.of();
        }
        return key.keySpec().isSymmetric() ? List.of(EncryptionAlgorithm.SYMMETRIC_DEFAULT)
                : List.of(EncryptionAlgorithm.RSAES_OAEP_SHA_1, EncryptionAlgorithm.RSAES_OAEP_SHA_256);
    }

    /** The signing algorithms of a key: none for an encryption key. */
    private static List<SigningAlgorithm> signingAlgorithms(KeyRecord key) {
        return key.keyUsage() == KeyUsage.SIGN_VERIFY ? SigningAlgorithm.forKeySpec(key.keySpec()) : List.of();
    }

    private static int modulusBytes(KeySpec spec) {
        if (!spec.isRsa()) {
            throw new IllegalArgumentException("not RSA");
        }
        return spec.rsaBits() / 8;
    }

    private static KeyPair generateRsa(KeySpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(modulusBytes(spec) * 8);
            KeyPair pair = generator.generateKeyPair();
            if (((RSAPublicKey) pair.getPublic()).getModulus().bitLength() != modulusBytes(spec) * 8) {
                throw new IllegalStateException("RSA key of the wrong size");
            }
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation unavailable", e);
        }
    }

    private String arn(KeyRecord key) {
        return engine.ids.keyArn(key.keyId());
    }

    /** A null context is the empty one; null keys or values are refused as the SDKs refuse them, before any call. */
    private static Map<String, String> context(Map<String, String> context) throws KmsException {
        if (context == null) {
            return Map.of();
        }
        for (Map.Entry<String, String> e : context.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new KmsException(KmsErrorCode.VALIDATION,
                        "EncryptionContext keys and values must not be null", null);
            }
        }
        return Map.copyOf(context);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The call cycle

    private interface Operation<T> {
        T run(StoreTransaction tx) throws KmsException;
    }

    /**
     * One KMS call: under the directory lock, load the latest store, apply what is due, run the operation, write
     * the store if it changed, and append the audit line (success or failure). The store is written before the
     * audit line, so a crash in between loses a line, never a change that a line claims. When the call must return
     * only once its line is on disk (see {@link AuditSync}), it waits for that after releasing the lock, so that the
     * calls meanwhile share one disk sync (group commit).
     */
    private <T> T run(AuditEvents.Call call, Operation<T> operation) throws KmsException {
        engine.ensureOpen();
        Outcome<T> outcome;
        engine.audit.announce();
        try {
            outcome = engine.lock.locked(() -> runLocked(call, operation));
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "local KMS store unavailable: " + e.getMessage(), null, e);
        } finally {
            engine.audit.withdraw();
        }
        return outcome.awaitDurable();
    }

    /** A call's result or failure, and the durability of its audit line. */
    private record Outcome<T>(T result, KmsException failure, AuditLog.Durability audit) {
        T awaitDurable() throws KmsException {
            try {
                audit.awaitDurable();
            } catch (IOException | RuntimeException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                    throw failure;
                }
                throw new KmsException(KmsErrorCode.INTERNAL, "the audit log could not be synced: " + e.getMessage(),
                        null, e);
            }
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }

    private <T> Outcome<T> runLocked(AuditEvents.Call call, Operation<T> operation) throws KmsException,
            IOException {
        engine.ensureOpen();
        Instant now = engine.clock.instant();
        KmsException failure;
        try {
            StoreState state = applyDue(engine.store.load(), now);
            StoreTransaction tx = new StoreTransaction(state, engine.ids, now);
            T result = operation.run(tx);
            if (tx.changed()) {
                engine.store.write(tx.toState());
                engine.recordCopyFailures(now);
            }
            AuditLog.Durability line = engine.audit.write(engine.stamped(engine.events.apiCall(call, caller, now,
                    null, null)), tx.changed());
            return new Outcome<>(result, null, line);
        } catch (KmsException e) {
            failure = e;
        } catch (IOException | RuntimeException e) {
            failure = new KmsException(KmsErrorCode.INTERNAL, e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage(), null, e);
        }
        String message = failure.getMessage();
        String prefix = failure.code().awsName() + ": ";
        if (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        AuditLog.Durability line = AuditLog.Durability.NONE;
        try {
            line = engine.audit.write(engine.stamped(engine.events.apiCall(call, caller, now,
                    failure.code().awsName(), message)), false);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
        return new Outcome<>(null, failure, line);
    }

    /**
     * What became due since the store was last used, checked lazily on every call against the clock: keys whose
     * deletion waiting period has ended are deleted with their aliases (KMS DeleteKey service event), and keys with
     * automatic rotation whose date has come rotate, once per elapsed period (KMS RotateKey service event).
     */
    private StoreState applyDue(StoreState state, Instant now) throws IOException {
        StoreTransaction tx = new StoreTransaction(state, engine.ids, now);
        List<ObjectNode> events = new ArrayList<>();
        for (KeyRecord key : List.copyOf(tx.keys().values())) {
            String arn = arn(key);
            if (key.keyState() == KeyState.PENDING_DELETION && !key.deletionDate().isAfter(now)) {
                tx.deleteKey(key.keyId());
                ObjectNode details = Json.MAPPER.createObjectNode().put("keyId", key.keyId())
                        .put("deletionDate", key.deletionDate().toString());
                events.add(engine.events.serviceEvent("DeleteKey", arn, now, details));
            } else if (key.keyState() == KeyState.ENABLED && key.rotationEnabled()
                    && !key.nextRotationDate().isAfter(now)) {
                KeyRecord rotated = key;
                Duration period = Duration.ofDays(key.rotationPeriodDays());
                Instant due = key.nextRotationDate();
                for (int i = 0; i < MAX_CATCH_UP && !due.isAfter(now); i++) {
                    rotated = rotate(rotated, due, "AUTOMATIC");
                    ObjectNode details = Json.MAPPER.createObjectNode().put("keyId", key.keyId())
                            .put("scheduledRotationDate", due.toString())
                            .put("keyMaterialVersion", rotated.versions().size());
                    events.add(engine.events.serviceEvent("RotateKey", arn, now, details));
                    due = due.plus(period);
                }
                if (!due.isAfter(now)) {
                    due = now.plus(period);
                }
                tx.put(rotated.withRotation(true, key.rotationPeriodDays(), due));
            }
        }
        if (!tx.changed()) {
            return state;
        }
        StoreState written = engine.store.write(tx.toState());
        for (ObjectNode event : events) {
            engine.audit.append(engine.stamped(event));
        }
        engine.recordCopyFailures(now);
        return written;
    }

    /**
     * Parsed key policies by their text, so that a call does not parse its key's policy again. Bounded: cleared
     * when full. Only documents the store holds come here, and the store holds only documents that parsed.
     */
    private static final class PolicyCache {
        private static final int CAPACITY = 256;
        private final ConcurrentHashMap<String, PolicyDocument> parsed = new ConcurrentHashMap<>();

        PolicyDocument parse(String text) {
            PolicyDocument doc = parsed.get(text);
            if (doc == null) {
                if (parsed.size() >= CAPACITY) {
                    parsed.clear();
                }
                doc = parseStored(text);
                parsed.put(text, doc);
            }
            return doc;
        }

        static PolicyDocument parseStored(String text) {
            try {
                return PolicyDocument.parse(PolicyKind.KEY_POLICY, text);
            } catch (MalformedPolicyException e) {
                // the store's MAC held and only parsed documents are stored: a bug, or a newer engine's document
                throw new IllegalStateException("a stored key policy does not parse: " + e.getMessage(), e);
            }
        }
    }

    /** What all views of one open store share. */
    private static final class Engine {
        final DirectoryLock lock;
        final RootKeys rootKeys;
        final StoreFile store;
        final AuditLog audit;
        final AuditEvents events;
        final Identifiers ids;
        final Clock clock;
        final String region;
        final String account;
        final PolicyDocument defaultPolicy;
        final PolicyCache policies = new PolicyCache();
        private volatile boolean closed;
        /** Delivers the audit log to S3, or null. */
        volatile AuditDelivery delivery;

        Engine(DirectoryLock lock, RootKeys rootKeys, StoreFile store, AuditLog audit, String region, String account,
               Clock clock) {
            this.lock = lock;
            this.rootKeys = rootKeys;
            this.store = store;
            this.audit = audit;
            this.events = new AuditEvents(region, account);
            this.ids = new Identifiers(region, account);
            this.clock = clock;
            this.region = region;
            this.account = account;
            this.defaultPolicy = PolicyCache.parseStored(defaultPolicyText(account));
        }

        /**
         * The event with the store generation this call ran on (the one it wrote, if it changed the store), so that
         * the keyed chain binds the store's newest generation; see checkAgainstAudit.
         */
        ObjectNode stamped(ObjectNode event) {
            long generation = store.generation();
            if (generation >= 0) {
                event.put("storeGeneration", generation);
            }
            return event;
        }

        /**
         * Records in the audit log each copy that failed without failing its change (fewer failures than
         * {@code local.copies-required} allows, or copies best effort): a copy target that stopped taking copies is
         * seen in the log, not only when a disk is lost.
         */
        void recordCopyFailures(Instant now) throws IOException {
            for (String failure : store.copies().drainFailures()) {
                ObjectNode details = Json.MAPPER.createObjectNode().put("failure", failure);
                audit.append(stamped(events.serviceEvent("EnvelopeStoreCopyFailed", null, now, details)));
            }
        }

        void ensureOpen() throws KmsException {
            if (closed) {
                throw new KmsException(KmsErrorCode.UNAVAILABLE, "this local KMS has been closed", null);
            }
        }

        synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            AuditDelivery d = delivery;
            if (d != null) {
                // first, while the engine still signs: the last records and a digest of what no digest lists yet
                delivery = null;
                d.close();
            }
            try {
                lock.locked(() -> {
                    if (!closed) {
                        closed = true;
                        try {
                            audit.close();
                        } finally {
                            store.copies().close();
                            rootKeys.close();
                        }
                    }
                    return null;
                });
            } finally {
                lock.close();
            }
        }
    }
}
