package org.envelopejca.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.envelopejca.kms.AliasEntry;
import org.envelopejca.kms.CiphertextResult;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.DataKeyResult;
import org.envelopejca.kms.DecryptResult;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KeySpec;
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

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One KMS call from its JSON request to its JSON answer, in the shapes of the KMS service model (kms/2014-11-01):
 * reads the members, asks the {@link Authorizer} about the keys named, calls the engine, writes the answer
 * (blobs in base64, timestamps in epoch seconds, unset members omitted).
 */
final class KmsOperations {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** KMS ListKeys/ListAliases: Limit 1..1000, default 100. */
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_PENDING_WINDOW_DAYS = 30;
    static final int DEFAULT_ROTATION_PERIOD_DAYS = 365;
    private static final Pattern BARE_KEY_ID = Pattern.compile("[0-9a-fA-F-]{36}|mrk-[0-9a-f]{32}");

    private final Kms lookup;
    private final Authorizer authorizer;
    private final String region;
    private final String account;

    /**
     * @param lookup  the engine as the endpoint itself, for the key ARNs some answers need
     * @param region  the region of the engine's ARNs
     * @param account the account of the engine's ARNs, or null when unknown (then ARNs are looked up)
     */
    KmsOperations(Kms lookup, Authorizer authorizer, String region, String account) {
        this.lookup = lookup;
        this.authorizer = authorizer;
        this.region = region;
        this.account = account;
    }

    /** Runs one call; null means an answer with an empty body. */
    ObjectNode call(Operation op, ObjectNode body, AccessKey key, Kms kms) throws WireError {
        authorizer.requireOperation(key, op);
        Members m = new Members(body);
        try {
            kms = withTokens(kms, m);
            return switch (op) {
                case GenerateDataKey -> generateDataKey(op, m, key, kms);
                case Encrypt -> encrypt(op, m, key, kms);
                case Decrypt -> decrypt(op, m, key, kms);
                case ReEncrypt -> reEncrypt(op, m, key, kms);
                case GetPublicKey -> getPublicKey(op, m, key, kms);
                case Sign -> sign(op, m, key, kms);
                case Verify -> verify(op, m, key, kms);
                case CreateKey -> createKey(m, kms);
                case DescribeKey -> {
                    String keyId = keyId(op, m, key, "KeyId");
                    ObjectNode out = MAPPER.createObjectNode();
                    out.set("KeyMetadata", metadata(kms.describeKey(keyId)));
                    yield out;
                }
                case ListKeys -> listKeys(m, kms);
                case ListAliases -> listAliases(op, m, key, kms);
                case CreateAlias, UpdateAlias -> {
                    String alias = m.requiredString("AliasName");
                    authorizer.requireAlias(key, op, alias);
                    String target = keyId(op, m, key, "TargetKeyId");
                    if (op == Operation.CreateAlias) {
                        kms.createAlias(alias, target);
                    } else {
                        kms.updateAlias(alias, target);
                    }
                    yield null;
                }
                case DeleteAlias -> {
                    String alias = m.requiredString("AliasName");
                    authorizer.requireAlias(key, op, alias);
                    kms.deleteAlias(alias);
                    yield null;
                }
                case EnableKey -> {
                    kms.enableKey(keyId(op, m, key, "KeyId"));
                    yield null;
                }
                case DisableKey -> {
                    kms.disableKey(keyId(op, m, key, "KeyId"));
                    yield null;
                }
                case ScheduleKeyDeletion -> scheduleKeyDeletion(op, m, key, kms);
                case CancelKeyDeletion -> {
                    String keyId = keyId(op, m, key, "KeyId");
                    kms.cancelKeyDeletion(keyId);
                    yield MAPPER.createObjectNode().put("KeyId", arnOf(keyId));
                }
                case EnableKeyRotation -> {
                    String keyId = keyId(op, m, key, "KeyId");
                    Integer days = m.integer("RotationPeriodInDays");
                    kms.enableKeyRotation(keyId, days == null ? DEFAULT_ROTATION_PERIOD_DAYS : days);
                    yield null;
                }
                case DisableKeyRotation -> {
                    kms.disableKeyRotation(keyId(op, m, key, "KeyId"));
                    yield null;
                }
                case RotateKeyOnDemand -> {
                    String keyId = keyId(op, m, key, "KeyId");
                    kms.rotateKeyOnDemand(keyId);
                    yield MAPPER.createObjectNode().put("KeyId", arnOf(keyId));
                }
                case GetKeyRotationStatus -> rotationStatus(op, m, key, kms);
                case PutKeyPolicy -> {
                    String keyId = keyId(op, m, key, "KeyId");
                    policyName(m);
                    String policy = m.longString("Policy", MAX_POLICY);
                    if (policy == null || policy.isEmpty()) {
                        throw Members.validation("Policy", "Member must not be null");
                    }
                    kms.putKeyPolicy(keyId, policy, m.bool("BypassPolicyLockoutSafetyCheck", false));
                    yield null;
                }
                case GetKeyPolicy -> {
                    String keyId = keyId(op, m, key, "KeyId");
                    policyName(m);
                    yield MAPPER.createObjectNode().put("Policy", kms.getKeyPolicy(keyId))
                            .put("PolicyName", "default");
                }
                case ListKeyPolicies -> {
                    ObjectNode out = MAPPER.createObjectNode();
                    ArrayNode names = out.putArray("PolicyNames");
                    kms.listKeyPolicies(keyId(op, m, key, "KeyId")).forEach(names::add);
                    yield out.put("Truncated", false);
                }
                case CreateGrant -> createGrant(op, m, key, kms);
                case ListGrants -> {
                    String keyId = keyId(op, m, key, "KeyId");
                    yield grants(kms.listGrants(keyId, m.string("GrantId"), m.string("GranteePrincipal"),
                            grantLimit(m), marker(m)));
                }
                case ListRetirableGrants -> grants(kms.listRetirableGrants(m.requiredString("RetiringPrincipal"),
                        grantLimit(m), marker(m)));
                case RetireGrant -> {
                    String keyId = m.string("KeyId");
                    if (keyId != null) {
                        authorizer.requireKey(key, op, "KeyId", keyId);
                    }
                    kms.retireGrant(m.string("GrantToken"), keyId, m.string("GrantId"));
                    yield null;
                }
                case RevokeGrant -> {
                    kms.revokeGrant(keyId(op, m, key, "KeyId"), m.requiredString("GrantId"));
                    yield null;
                }
            };
        } catch (KmsException e) {
            throw WireError.of(e);
        } catch (IllegalArgumentException e) {
            // the engine's own argument checks (e.g. a null in a context): the client's mistake
            throw WireError.of(KmsErrorCode.VALIDATION, e.getMessage() == null ? "invalid request" : e.getMessage());
        }
    }

    /** KMS: a key policy of at most 32 KB; the API member takes up to 131072 characters. */
    static final int MAX_POLICY = 131072;

    private static void policyName(Members m) throws WireError {
        String name = m.string("PolicyName");
        if (name != null && !name.equals("default")) {
            throw WireError.of(KmsErrorCode.NOT_FOUND, "PolicyName " + name + " does not exist; a key has one policy,"
                    + " default");
        }
    }

    /** The engine with the request's GrantTokens (the local engine checks them, the aws engine passes them on). */
    private static Kms withTokens(Kms kms, Members m) throws WireError {
        List<String> tokens = m.strings("GrantTokens", 10);
        return tokens.isEmpty() ? kms : kms.withGrantTokens(tokens);
    }

    private ObjectNode createGrant(Operation op, Members m, AccessKey key, Kms kms) throws WireError, KmsException {
        String keyId = keyId(op, m, key, "KeyId");
        Members constraints = m.structure("Constraints");
        java.util.Map<String, String> equals = null;
        java.util.Map<String, String> subset = null;
        if (constraints != null) {
            equals = constraints.has("EncryptionContextEquals") ? constraints.context("EncryptionContextEquals") : null;
            subset = constraints.has("EncryptionContextSubset") ? constraints.context("EncryptionContextSubset") : null;
        }
        org.envelopejca.kms.GrantResult r = kms.createGrant(new org.envelopejca.kms.CreateGrantRequest(keyId,
                m.requiredString("GranteePrincipal"), m.string("RetiringPrincipal"), m.strings("Operations", 20),
                equals, subset, m.string("Name"), m.strings("GrantTokens", 10)));
        return MAPPER.createObjectNode().put("GrantToken", r.grantToken()).put("GrantId", r.grantId());
    }

    private static int grantLimit(Members m) throws WireError {
        Integer limit = m.integer("Limit");
        if (limit == null) {
            return 50;
        }
        if (limit < 1 || limit > 100) {
            throw Members.validation("Limit", "Member must have value between 1 and 100");
        }
        return limit;
    }

    private static ObjectNode grants(Page<org.envelopejca.kms.GrantEntry> page) {
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode list = out.putArray("Grants");
        for (org.envelopejca.kms.GrantEntry g : page.items()) {
            ObjectNode n = list.addObject();
            n.put("KeyId", g.keyId()).put("GrantId", g.grantId());
            if (g.name() != null) {
                n.put("Name", g.name());
            }
            n.put("CreationDate", g.creationDate().getEpochSecond()).put("GranteePrincipal", g.granteePrincipal());
            if (g.retiringPrincipal() != null) {
                n.put("RetiringPrincipal", g.retiringPrincipal());
            }
            n.put("IssuingAccount", g.issuingAccount());
            ArrayNode ops = n.putArray("Operations");
            g.operations().forEach(ops::add);
            if (g.contextEquals() != null || g.contextSubset() != null) {
                ObjectNode c = n.putObject("Constraints");
                ObjectNode ec = c.putObject(g.contextEquals() != null ? "EncryptionContextEquals"
                        : "EncryptionContextSubset");
                (g.contextEquals() != null ? g.contextEquals() : g.contextSubset()).forEach(ec::put);
            }
        }
        if (page.nextMarker() != null) {
            out.put("NextMarker", page.nextMarker());
        }
        return out.put("Truncated", page.nextMarker() != null);
    }

    private String keyId(Operation op, Members m, AccessKey key, String member) throws WireError {
        String keyId = m.requiredString(member);
        authorizer.requireKey(key, op, member, keyId);
        return keyId;
    }

    private ObjectNode generateDataKey(Operation op, Members m, AccessKey key, Kms kms) throws WireError, KmsException {
        String keyId = keyId(op, m, key, "KeyId");
        Integer bytes = m.integer("NumberOfBytes");
        String spec = m.string("KeySpec");
        if (bytes != null && spec != null) {
            throw WireError.of(KmsErrorCode.VALIDATION, "Please specify either number of bytes or key spec.");
        }
        if (spec != null) {
            bytes = switch (spec) {
                case "AES_128" -> 16;
                case "AES_256" -> 32;
                default -> throw Members.validation("KeySpec", "Member must satisfy enum value set: [AES_256, AES_128]");
            };
        }
        if (bytes == null) {
            throw WireError.of(KmsErrorCode.VALIDATION, "Please specify either number of bytes or key spec.");
        }
        DataKeyResult r = kms.generateDataKey(keyId, bytes, m.context("EncryptionContext"));
        try {
            return MAPPER.createObjectNode()
                    .put("CiphertextBlob", base64(r.ciphertextBlob()))
                    .put("Plaintext", base64(r.plaintext()))
                    .put("KeyId", r.keyArn());
        } finally {
            r.destroy();
        }
    }

    private ObjectNode encrypt(Operation op, Members m, AccessKey key, Kms kms) throws WireError, KmsException {
        String keyId = keyId(op, m, key, "KeyId");
        byte[] plaintext = m.requiredBlob("Plaintext");
        try {
            EncryptionAlgorithm alg = m.enumValue("EncryptionAlgorithm", EncryptionAlgorithm.class);
            CiphertextResult r = kms.encrypt(keyId, plaintext, m.context("EncryptionContext"), alg);
            return MAPPER.createObjectNode()
                    .put("CiphertextBlob", base64(r.ciphertextBlob()))
                    .put("KeyId", r.keyArn())
                    .put("EncryptionAlgorithm", (alg == null ? EncryptionAlgorithm.SYMMETRIC_DEFAULT : alg).name());
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private ObjectNode decrypt(Operation op, Members m, AccessKey key, Kms kms) throws WireError, KmsException {
        byte[] blob = m.requiredBlob("CiphertextBlob");
        String keyId = m.string("KeyId");
        authorizer.requireKey(key, op, "KeyId", keyId);
        EncryptionAlgorithm alg = m.enumValue("EncryptionAlgorithm", EncryptionAlgorithm.class);
        DecryptResult r = kms.decrypt(blob, keyId, m.context("EncryptionContext"), alg);
        try {
            return MAPPER.createObjectNode()
                    .put("KeyId", r.keyArn())
                    .put("Plaintext", base64(r.plaintext()))
                    .put("EncryptionAlgorithm", r.algorithm().name());
        } finally {
            Arrays.fill(r.plaintext(), (byte) 0);
        }
    }

    private ObjectNode reEncrypt(Operation op, Members m, AccessKey key, Kms kms) throws WireError, KmsException {
        byte[] blob = m.requiredBlob("CiphertextBlob");
        String source = m.string("SourceKeyId");
        authorizer.requireKey(key, op, "SourceKeyId", source);
        String destination = keyId(op, m, key, "DestinationKeyId");
        for (String member : List.of("SourceEncryptionAlgorithm", "DestinationEncryptionAlgorithm")) {
            EncryptionAlgorithm alg = m.enumValue(member, EncryptionAlgorithm.class);
            if (alg != null && alg != EncryptionAlgorithm.SYMMETRIC_DEFAULT) {
                throw WireError.of(KmsErrorCode.UNSUPPORTED_OPERATION, member + " " + alg
                        + " is not supported by this endpoint: ReEncrypt serves symmetric keys only");
            }
        }
        CiphertextResult r = kms.reEncrypt(blob, source, m.context("SourceEncryptionContext"), destination,
                m.context("DestinationEncryptionContext"));
        return MAPPER.createObjectNode()
                .put("CiphertextBlob", base64(r.ciphertextBlob()))
                .put("SourceKeyId", r.sourceKeyArn())
                .put("KeyId", r.keyArn())
                .put("SourceEncryptionAlgorithm", EncryptionAlgorithm.SYMMETRIC_DEFAULT.name())
                .put("DestinationEncryptionAlgorithm", EncryptionAlgorithm.SYMMETRIC_DEFAULT.name());
    }

    private ObjectNode getPublicKey(Operation op, Members m, AccessKey key, Kms kms) throws WireError, KmsException {
        PublicKeyResult r = kms.getPublicKey(keyId(op, m, key, "KeyId"));
        ObjectNode out = MAPPER.createObjectNode()
                .put("KeyId", r.keyArn())
                .put("PublicKey", base64(r.publicKey()))
                .put("CustomerMasterKeySpec", r.keySpec().name())
                .put("KeySpec", r.keySpec().name())
                .put("KeyUsage", r.keyUsage().name());
        algorithms(out, r.encryptionAlgorithms(), r.signingAlgorithms());
        return out;
    }

    /** KMS answers name the algorithms of the key's usage only: EncryptionAlgorithms or SigningAlgorithms. */
    private static void algorithms(ObjectNode out, List<EncryptionAlgorithm> encryption, List<SigningAlgorithm> signing) {
        if (!encryption.isEmpty() || signing.isEmpty()) {
            ArrayNode algs = out.putArray("EncryptionAlgorithms");
            encryption.forEach(a -> algs.add(a.name()));
        }
        if (!signing.isEmpty()) {
            ArrayNode algs = out.putArray("SigningAlgorithms");
            signing.forEach(a -> algs.add(a.name()));
        }
    }

    /** KMS Sign: Message (RAW up to 4096 bytes, or a DIGEST), SigningAlgorithm required; the engine checks the rest. */
    private ObjectNode sign(Operation op, Members m, AccessKey key, Kms kms) throws WireError, KmsException {
        String keyId = keyId(op, m, key, "KeyId");
        byte[] message = m.requiredBlob("Message");
        MessageType type = m.enumValue("MessageType", MessageType.class);
        SigningAlgorithm alg = requiredAlgorithm(m);
        SignResult r = kms.sign(keyId, message, type, alg);
        return MAPPER.createObjectNode()
                .put("KeyId", r.keyArn())
                .put("Signature", base64(r.signature()))
                .put("SigningAlgorithm", r.algorithm().name());
    }

    /** KMS Verify: a signature that does not verify is KMSInvalidSignatureException, as KMS answers. */
    private ObjectNode verify(Operation op, Members m, AccessKey key, Kms kms) throws WireError, KmsException {
        String keyId = keyId(op, m, key, "KeyId");
        byte[] message = m.requiredBlob("Message");
        byte[] signature = m.requiredBlob("Signature");
        MessageType type = m.enumValue("MessageType", MessageType.class);
        SigningAlgorithm alg = requiredAlgorithm(m);
        if (!kms.verify(keyId, message, type, signature, alg)) {
            throw WireError.of(KmsErrorCode.INVALID_SIGNATURE, "The signature is not valid for this message, key "
                    + "and algorithm");
        }
        return MAPPER.createObjectNode()
                .put("KeyId", arnOf(keyId))
                .put("SignatureValid", true)
                .put("SigningAlgorithm", alg.name());
    }

    private static SigningAlgorithm requiredAlgorithm(Members m) throws WireError {
        SigningAlgorithm alg = m.enumValue("SigningAlgorithm", SigningAlgorithm.class);
        if (alg == null) {
            throw Members.validation("SigningAlgorithm", "Member must not be null");
        }
        return alg;
    }

    private ObjectNode createKey(Members m, Kms kms) throws WireError, KmsException {
        String spec = m.string("KeySpec");
        String legacy = m.string("CustomerMasterKeySpec");
        if (spec != null && legacy != null) {
            throw WireError.of(KmsErrorCode.VALIDATION, "You cannot specify both KeySpec and CustomerMasterKeySpec");
        }
        String name = spec != null ? spec : legacy != null ? legacy : KeySpec.SYMMETRIC_DEFAULT.name();
        KeySpec keySpec = Arrays.stream(KeySpec.values()).filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> WireError.of(KmsErrorCode.UNSUPPORTED_OPERATION, "KeySpec " + name
                        + " is not supported by this KMS (supported: " + Arrays.toString(KeySpec.values()) + ")"));
        String usage = m.string("KeyUsage");
        KeyUsage keyUsage = Arrays.stream(KeyUsage.values()).filter(u -> u.name().equals(usage)).findFirst()
                .orElse(null);
        if (usage != null && keyUsage == null) {
            throw WireError.of(KmsErrorCode.UNSUPPORTED_OPERATION, "KeyUsage " + usage
                    + " is not supported by this KMS (supported: ENCRYPT_DECRYPT, SIGN_VERIFY)");
        }
        String origin = m.string("Origin");
        if (origin != null && !origin.equals("AWS_KMS")) {
            throw WireError.of(KmsErrorCode.UNSUPPORTED_OPERATION, "Origin " + origin
                    + " is not supported by this KMS (supported: AWS_KMS)");
        }
        KeyMetadata created = kms.createKey(new CreateKeyRequest(keySpec, m.string("Description"),
                m.bool("MultiRegion", false), keyUsage == null ? KeyUsage.ENCRYPT_DECRYPT : keyUsage,
                m.longString("Policy", MAX_POLICY), m.bool("BypassPolicyLockoutSafetyCheck", false)));
        ObjectNode out = MAPPER.createObjectNode();
        out.set("KeyMetadata", metadata(created));
        return out;
    }

    private ObjectNode listKeys(Members m, Kms kms) throws WireError, KmsException {
        Page<KeyMetadata> page = kms.listKeys(limit(m), marker(m));
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode keys = out.putArray("Keys");
        for (KeyMetadata k : page.items()) {
            keys.addObject().put("KeyId", k.keyId()).put("KeyArn", k.arn());
        }
        return paged(out, page);
    }

    private ObjectNode listAliases(Operation op, Members m, AccessKey key, Kms kms) throws WireError, KmsException {
        String keyId = m.string("KeyId");
        if (keyId != null) {
            authorizer.requireKey(key, op, "KeyId", keyId);
        }
        Page<AliasEntry> page = kms.listAliases(keyId, limit(m), marker(m));
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode aliases = out.putArray("Aliases");
        for (AliasEntry a : page.items()) {
            ObjectNode n = aliases.addObject().put("AliasName", a.aliasName()).put("AliasArn", a.aliasArn())
                    .put("TargetKeyId", a.targetKeyId());
            if (a.creationDate() != null) {
                n.put("CreationDate", epochSeconds(a.creationDate()));
            }
        }
        return paged(out, page);
    }

    private ObjectNode scheduleKeyDeletion(Operation op, Members m, AccessKey key, Kms kms) throws WireError, KmsException {
        String keyId = keyId(op, m, key, "KeyId");
        Integer days = m.integer("PendingWindowInDays");
        int window = days == null ? DEFAULT_PENDING_WINDOW_DAYS : days;
        Instant deletion = kms.scheduleKeyDeletion(keyId, window);
        return MAPPER.createObjectNode()
                .put("KeyId", arnOf(keyId))
                .put("DeletionDate", epochSeconds(deletion))
                .put("KeyState", "PendingDeletion")
                .put("PendingWindowInDays", window);
    }

    private ObjectNode rotationStatus(Operation op, Members m, AccessKey key, Kms kms) throws WireError, KmsException {
        String keyId = keyId(op, m, key, "KeyId");
        RotationStatus s = kms.getKeyRotationStatus(keyId);
        ObjectNode out = MAPPER.createObjectNode().put("KeyRotationEnabled", s.enabled()).put("KeyId", arnOf(keyId));
        if (s.enabled()) {
            out.put("RotationPeriodInDays", s.periodDays());
            if (s.nextRotationDate() != null) {
                out.put("NextRotationDate", epochSeconds(s.nextRotationDate()));
            }
        }
        return out;
    }

    private static int limit(Members m) throws WireError {
        Integer limit = m.integer("Limit");
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Members.validation("Limit", "Member must have value between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    private static String marker(Members m) throws WireError {
        return m.string("Marker");
    }

    private static ObjectNode paged(ObjectNode out, Page<?> page) {
        out.put("Truncated", page.truncated());
        if (page.truncated()) {
            out.put("NextMarker", page.nextMarker());
        }
        return out;
    }

    /** The key ARN for a key ID, key ARN or alias (the answers of some operations carry it). */
    private String arnOf(String keyId) throws KmsException {
        if (keyId.startsWith("arn:") && keyId.contains(":key/")) {
            return keyId;
        }
        if (account != null && BARE_KEY_ID.matcher(keyId).matches()) {
            return "arn:aws:kms:" + region + ":" + account + ":key/" + keyId;
        }
        return lookup.describeKey(keyId).arn();
    }

    static ObjectNode metadata(KeyMetadata k) {
        ObjectNode n = MAPPER.createObjectNode();
        String[] arn = k.arn().split(":", 6);
        if (arn.length == 6) {
            n.put("AWSAccountId", arn[4]);
        }
        n.put("KeyId", k.keyId())
                .put("Arn", k.arn())
                .put("CreationDate", epochSeconds(k.creationDate()))
                .put("Enabled", k.enabled())
                .put("Description", k.description())
                .put("KeyUsage", (k.keyUsage() == null ? KeyUsage.ENCRYPT_DECRYPT : k.keyUsage()).name())
                .put("KeyState", k.keyState().awsName());
        if (k.deletionDate() != null) {
            n.put("DeletionDate", epochSeconds(k.deletionDate()));
        }
        n.put("Origin", "AWS_KMS")
                .put("KeyManager", "CUSTOMER")
                .put("CustomerMasterKeySpec", k.keySpec().name())
                .put("KeySpec", k.keySpec().name());
        algorithms(n, k.encryptionAlgorithms(), k.signingAlgorithms());
        n.put("MultiRegion", k.multiRegion());
        return n;
    }

    /** Epoch seconds with milliseconds, as KMS writes timestamps ({@code 1614905581.947}). */
    static BigDecimal epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli(), 3);
    }

    private static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
