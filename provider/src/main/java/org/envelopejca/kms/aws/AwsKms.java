package org.envelopejca.kms.aws;

import org.envelopejca.kms.CreateGrantRequest;
import org.envelopejca.kms.GrantEntry;
import org.envelopejca.kms.GrantResult;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.GrantConstraints;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.ListGrantsResponse;
import software.amazon.awssdk.services.kms.model.ListRetirableGrantsResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.envelopejca.kms.AliasEntry;
import org.envelopejca.kms.CiphertextResult;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.DataKeyResult;
import org.envelopejca.kms.DecryptResult;
import org.envelopejca.kms.EncryptionAlgorithm;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.MessageType;
import org.envelopejca.kms.Page;
import org.envelopejca.kms.PublicKeyResult;
import org.envelopejca.kms.RotationStatus;
import org.envelopejca.kms.SignResult;
import org.envelopejca.kms.SigningAlgorithm;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.ListAliasesResponse;
import software.amazon.awssdk.services.kms.model.ListKeyRotationsResponse;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.VerifyResponse;

/**
 * The {@code aws} engine: AWS KMS through the AWS SDK for Java v2 (synchronous {@code KmsClient}).
 *
 * <p>Regions: a call that names a key or alias by ARN goes to the ARN's region; key IDs, alias names and calls that
 * name no key go to the configured region (else the SDK's region chain's). So a handle naming keys in several
 * regions works, and a multi-Region key's replica named by its ARN (as the ESDK's MRK-aware keyrings do) is used in
 * its own region. Every SDK failure surfaces as a {@link KmsException} with the KMS error code and the key the call
 * named; an unreachable KMS (network, timeouts) is {@link KmsErrorCode#UNAVAILABLE}. SDK types stay inside this
 * package.
 */
public final class AwsKms implements Kms, AutoCloseable {
    private static final int ROTATIONS_PAGE = 1000;

    private final RegionalClients clients;
    /** The GrantTokens the data-key calls of this view carry (KMS API Reference, "GrantTokens"); often empty. */
    private final List<String> grantTokens;
    /** False for a {@link #withGrantTokens} view: closing it leaves the clients to the engine it came from. */
    private final boolean ownsClients;

    private AwsKms(RegionalClients clients, List<String> grantTokens, boolean ownsClients) {
        this.clients = clients;
        this.grantTokens = List.copyOf(grantTokens);
        this.ownsClients = ownsClients;
    }

    /**
     * @throws IllegalArgumentException when no region is configured and the SDK's region chain finds none
     */
    public static AwsKms create(AwsKmsConfig config) {
        return new AwsKms(new RegionalClients(config), List.of(), true);
    }

    /**
     * A view of this engine whose calls that take GrantTokens in KMS (GenerateDataKey, Encrypt, Decrypt, ReEncrypt,
     * DescribeKey, GetPublicKey, Sign, Verify, CreateGrant) send {@code tokens}: KMS honours a grant named by its
     * token before the grant is visible everywhere (KMS Developer Guide, "Grant tokens"). Up to 10 tokens, checked
     * by KMS. The view shares this engine's clients; closing the view closes nothing.
     */
    @Override
    public AwsKms withGrantTokens(List<String> tokens) {
        return new AwsKms(clients, tokens, false);
    }

    /** The tokens to send, or null to leave the member out of the request. */
    private List<String> tokens() {
        return grantTokens.isEmpty() ? null : grantTokens;
    }

    /** The region of key IDs, alias names and discovery. */
    public String region() {
        return clients.defaultRegion();
    }

    /** The region a call naming {@code keyId} goes to. */
    String regionFor(String keyId) {
        if (keyId != null && keyId.startsWith("arn:")) {
            String[] parts = keyId.split(":", 6);
            if (parts.length == 6 && !parts[3].isEmpty()) {
                return parts[3];
            }
        }
        return clients.defaultRegion();
    }

    private <T> T call(String operation, String keyId, String routeBy, Function<KmsClient, T> request) throws KmsException {
        KmsClient client = clients.forRegion(regionFor(routeBy));
        try {
            return request.apply(client);
        } catch (SdkException e) {
            throw AwsErrors.map(operation, keyId, e);
        }
    }

    private <T> T call(String operation, String keyId, Function<KmsClient, T> request) throws KmsException {
        return call(operation, keyId, keyId, request);
    }

    /** An answer without the members the operation promises is KMS's fault, not a reason for a NullPointerException. */
    private static void require(String operation, String keyId, boolean complete) throws KmsException {
        if (!complete) {
            throw new KmsException(KmsErrorCode.INTERNAL, operation + ": KMS answered without a required member", keyId);
        }
    }

    private static Map<String, String> contextOrNull(Map<String, String> context) {
        return context == null || context.isEmpty() ? null : context;
    }

    @Override
    public DataKeyResult generateDataKey(String keyId, int numberOfBytes, Map<String, String> encryptionContext)
            throws KmsException {
        GenerateDataKeyResponse r = call("GenerateDataKey", keyId, c -> c.generateDataKey(b -> b
                .keyId(keyId).numberOfBytes(numberOfBytes).encryptionContext(contextOrNull(encryptionContext))
                .grantTokens(tokens())));
        require("GenerateDataKey", keyId, r.plaintext() != null && r.ciphertextBlob() != null && r.keyId() != null);
        return new DataKeyResult(r.keyId(), r.plaintext().asByteArray(), r.ciphertextBlob().asByteArray());
    }

    @Override
    public CiphertextResult encrypt(String keyId, byte[] plaintext, Map<String, String> encryptionContext,
                                    EncryptionAlgorithm algorithm) throws KmsException {
        // The caller keeps ownership of the plaintext: no copy of it is made here.
        EncryptResponse r = call("Encrypt", keyId, c -> c.encrypt(b -> b
                .keyId(keyId).plaintext(SdkBytes.fromByteArrayUnsafe(plaintext))
                .encryptionContext(contextOrNull(encryptionContext))
                .encryptionAlgorithm(AwsValues.spec(algorithm)).grantTokens(tokens())));
        require("Encrypt", keyId, r.ciphertextBlob() != null && r.keyId() != null);
        return new CiphertextResult(r.keyId(), r.ciphertextBlob().asByteArray(), null);
    }

    @Override
    public DecryptResult decrypt(byte[] ciphertextBlob, String keyId, Map<String, String> encryptionContext,
                                 EncryptionAlgorithm algorithm) throws KmsException {
        DecryptResponse r = call("Decrypt", keyId, c -> c.decrypt(b -> b
                .ciphertextBlob(SdkBytes.fromByteArray(ciphertextBlob)).keyId(keyId)
                .encryptionContext(contextOrNull(encryptionContext))
                .encryptionAlgorithm(AwsValues.spec(algorithm)).grantTokens(tokens())));
        require("Decrypt", keyId, r.plaintext() != null && r.keyId() != null);
        return new DecryptResult(r.keyId(), r.plaintext().asByteArray(), AwsValues.algorithm(r.encryptionAlgorithmAsString()));
    }

    /** ReEncrypt is one call in one region: the source key's when named by ARN, else the destination's. */
    @Override
    public CiphertextResult reEncrypt(byte[] ciphertextBlob, String sourceKeyId, Map<String, String> sourceEncryptionContext,
                                      String destinationKeyId, Map<String, String> destinationEncryptionContext)
            throws KmsException {
        String routeBy = sourceKeyId != null && sourceKeyId.startsWith("arn:") ? sourceKeyId : destinationKeyId;
        ReEncryptResponse r = call("ReEncrypt", destinationKeyId, routeBy, c -> c.reEncrypt(b -> b
                .ciphertextBlob(SdkBytes.fromByteArray(ciphertextBlob))
                .sourceKeyId(sourceKeyId).sourceEncryptionContext(contextOrNull(sourceEncryptionContext))
                .destinationKeyId(destinationKeyId)
                .destinationEncryptionContext(contextOrNull(destinationEncryptionContext))
                .grantTokens(tokens())));
        require("ReEncrypt", destinationKeyId, r.ciphertextBlob() != null && r.keyId() != null);
        return new CiphertextResult(r.keyId(), r.ciphertextBlob().asByteArray(), r.sourceKeyId());
    }

    @Override
    public KeyMetadata describeKey(String keyId) throws KmsException {
        return AwsValues.metadata(call("DescribeKey", keyId, c -> c.describeKey(b -> b.keyId(keyId).grantTokens(tokens()))).keyMetadata());
    }

    /** Keys of the configured region; the entries carry key ID and ARN only (as ListKeys answers). */
    @Override
    public Page<KeyMetadata> listKeys(int limit, String marker) throws KmsException {
        ListKeysResponse r = call("ListKeys", null, c -> c.listKeys(b -> b.limit(limit).marker(marker)));
        return new Page<>(r.keys().stream().map(AwsValues::listed).toList(), nextMarker(r.truncated(), r.nextMarker()));
    }

    /** Aliases of the region of {@code keyId} when it is an ARN, else of the configured region. */
    @Override
    public Page<AliasEntry> listAliases(String keyId, int limit, String marker) throws KmsException {
        ListAliasesResponse r = call("ListAliases", keyId, c -> c.listAliases(b -> b.keyId(keyId).limit(limit).marker(marker)));
        return new Page<>(r.aliases().stream().map(AwsValues::alias).toList(), nextMarker(r.truncated(), r.nextMarker()));
    }

    private static String nextMarker(Boolean truncated, String marker) {
        return Boolean.TRUE.equals(truncated) && marker != null ? marker : null;
    }

    /** CreateKey in the configured region, with the request's KeyUsage. */
    @Override
    public KeyMetadata createKey(CreateKeyRequest request) throws KmsException {
        return AwsValues.metadata(call("CreateKey", null, c -> c.createKey(b -> b
                .keySpec(request.keySpec().name())
                .keyUsage(KeyUsageType.fromValue(request.keyUsage().name()))
                .description(request.description())
                .multiRegion(request.multiRegion())
                .policy(request.policy())
                .bypassPolicyLockoutSafetyCheck(request.bypassPolicyLockoutSafetyCheck() ? Boolean.TRUE : null)))
                .keyMetadata());
    }

    // Key policies and grants: AWS KMS evaluates them; this engine only carries the calls.

    @Override
    public String getKeyPolicy(String keyId) throws KmsException {
        return call("GetKeyPolicy", keyId, c -> c.getKeyPolicy(b -> b.keyId(keyId).policyName("default"))).policy();
    }

    @Override
    public void putKeyPolicy(String keyId, String policy, boolean bypassPolicyLockoutSafetyCheck)
            throws KmsException {
        call("PutKeyPolicy", keyId, c -> c.putKeyPolicy(b -> b.keyId(keyId).policyName("default").policy(policy)
                .bypassPolicyLockoutSafetyCheck(bypassPolicyLockoutSafetyCheck ? Boolean.TRUE : null)));
    }

    @Override
    public List<String> listKeyPolicies(String keyId) throws KmsException {
        return List.copyOf(call("ListKeyPolicies", keyId, c -> c.listKeyPolicies(b -> b.keyId(keyId))).policyNames());
    }

    @Override
    public GrantResult createGrant(CreateGrantRequest request) throws KmsException {
        String keyId = request.keyId();
        CreateGrantResponse r = call("CreateGrant", keyId, c -> c.createGrant(b -> {
            b.keyId(keyId).granteePrincipal(request.granteePrincipal()).retiringPrincipal(request.retiringPrincipal())
                    .operationsWithStrings(request.operations()).name(request.name());
            List<String> tokens = request.grantTokens().isEmpty() ? tokens() : request.grantTokens();
            if (tokens != null && !tokens.isEmpty()) {
                b.grantTokens(tokens);
            }
            if (request.contextEquals() != null || request.contextSubset() != null) {
                b.constraints(k -> k.encryptionContextEquals(request.contextEquals())
                        .encryptionContextSubset(request.contextSubset()));
            }
        }));
        require("CreateGrant", keyId, r.grantId() != null && r.grantToken() != null);
        return new GrantResult(r.grantId(), r.grantToken());
    }

    @Override
    public Page<GrantEntry> listGrants(String keyId, String grantId, String granteePrincipal, int limit,
                                       String marker) throws KmsException {
        ListGrantsResponse r = call("ListGrants", keyId, c -> c.listGrants(b -> b.keyId(keyId).grantId(grantId)
                .granteePrincipal(granteePrincipal).limit(limit).marker(marker)));
        return new Page<>(r.grants().stream().map(AwsKms::grant).toList(), nextMarker(r.truncated(), r.nextMarker()));
    }

    @Override
    public Page<GrantEntry> listRetirableGrants(String retiringPrincipal, int limit, String marker)
            throws KmsException {
        ListRetirableGrantsResponse r = call("ListRetirableGrants", null, c -> c.listRetirableGrants(b -> b
                .retiringPrincipal(retiringPrincipal).limit(limit).marker(marker)));
        return new Page<>(r.grants().stream().map(AwsKms::grant).toList(), nextMarker(r.truncated(), r.nextMarker()));
    }

    @Override
    public void retireGrant(String grantToken, String keyId, String grantId) throws KmsException {
        call("RetireGrant", keyId, c -> c.retireGrant(b -> b.grantToken(grantToken).keyId(keyId).grantId(grantId)));
    }

    @Override
    public void revokeGrant(String keyId, String grantId) throws KmsException {
        call("RevokeGrant", keyId, c -> c.revokeGrant(b -> b.keyId(keyId).grantId(grantId)));
    }

    private static GrantEntry grant(GrantListEntry g) {
        GrantConstraints k = g.constraints();
        return new GrantEntry(g.keyId(), g.grantId(), g.name(), g.creationDate(), g.granteePrincipal(),
                g.retiringPrincipal(), g.issuingAccount(), g.operationsAsStrings(),
                k == null || !k.hasEncryptionContextEquals() ? null : k.encryptionContextEquals(),
                k == null || !k.hasEncryptionContextSubset() ? null : k.encryptionContextSubset());
    }

    /** In the target key's region when it is named by ARN, else in the configured region. */
    @Override
    public void createAlias(String aliasName, String targetKeyId) throws KmsException {
        call("CreateAlias", targetKeyId, c -> c.createAlias(b -> b.aliasName(aliasName).targetKeyId(targetKeyId)));
    }

    @Override
    public void updateAlias(String aliasName, String targetKeyId) throws KmsException {
        call("UpdateAlias", targetKeyId, c -> c.updateAlias(b -> b.aliasName(aliasName).targetKeyId(targetKeyId)));
    }

    @Override
    public void deleteAlias(String aliasName) throws KmsException {
        call("DeleteAlias", null, c -> c.deleteAlias(b -> b.aliasName(aliasName)));
    }

    @Override
    public void enableKey(String keyId) throws KmsException {
        call("EnableKey", keyId, c -> c.enableKey(b -> b.keyId(keyId)));
    }

    @Override
    public void disableKey(String keyId) throws KmsException {
        call("DisableKey", keyId, c -> c.disableKey(b -> b.keyId(keyId)));
    }

    @Override
    public Instant scheduleKeyDeletion(String keyId, int pendingWindowInDays) throws KmsException {
        return call("ScheduleKeyDeletion", keyId, c -> c.scheduleKeyDeletion(b -> b
                .keyId(keyId).pendingWindowInDays(pendingWindowInDays))).deletionDate();
    }

    @Override
    public void cancelKeyDeletion(String keyId) throws KmsException {
        call("CancelKeyDeletion", keyId, c -> c.cancelKeyDeletion(b -> b.keyId(keyId)));
    }

    @Override
    public void enableKeyRotation(String keyId, int rotationPeriodInDays) throws KmsException {
        call("EnableKeyRotation", keyId, c -> c.enableKeyRotation(b -> b
                .keyId(keyId).rotationPeriodInDays(rotationPeriodInDays)));
    }

    @Override
    public void disableKeyRotation(String keyId) throws KmsException {
        call("DisableKeyRotation", keyId, c -> c.disableKeyRotation(b -> b.keyId(keyId)));
    }

    @Override
    public void rotateKeyOnDemand(String keyId) throws KmsException {
        call("RotateKeyOnDemand", keyId, c -> c.rotateKeyOnDemand(b -> b.keyId(keyId)));
    }

    /**
     * GetKeyRotationStatus, and ListKeyRotations for the number of on-demand rotations (GetKeyRotationStatus does
     * not report it), so this needs both permissions.
     */
    @Override
    public RotationStatus getKeyRotationStatus(String keyId) throws KmsException {
        GetKeyRotationStatusResponse r = call("GetKeyRotationStatus", keyId,
                c -> c.getKeyRotationStatus(b -> b.keyId(keyId)));
        boolean enabled = Boolean.TRUE.equals(r.keyRotationEnabled());
        int period = enabled && r.rotationPeriodInDays() != null ? r.rotationPeriodInDays() : 0;
        return new RotationStatus(enabled, period, enabled ? r.nextRotationDate() : null, onDemandRotations(keyId));
    }

    private int onDemandRotations(String keyId) throws KmsException {
        List<RotationsListEntry> all = new ArrayList<>();
        String marker = null;
        do {
            String m = marker;
            ListKeyRotationsResponse page = call("ListKeyRotations", keyId,
                    c -> c.listKeyRotations(b -> b.keyId(keyId).limit(ROTATIONS_PAGE).marker(m)));
            all.addAll(page.rotations());
            marker = nextMarker(page.truncated(), page.nextMarker());
        } while (marker != null);
        return (int) all.stream().filter(e -> e.rotationType() == RotationType.ON_DEMAND).count();
    }

    @Override
    @SuppressWarnings("deprecation") // CustomerMasterKeySpec: the only spec some KMS-compatible servers send
    public PublicKeyResult getPublicKey(String keyId) throws KmsException {
        GetPublicKeyResponse r = call("GetPublicKey", keyId, c -> c.getPublicKey(b -> b.keyId(keyId).grantTokens(tokens())));
        require("GetPublicKey", keyId, r.publicKey() != null && r.keyId() != null);
        return new PublicKeyResult(r.keyId(), r.publicKey().asByteArray(),
                AwsValues.keySpec(r.keySpecAsString(), r.customerMasterKeySpecAsString()),
                AwsValues.algorithms(r.encryptionAlgorithmsAsStrings()), AwsValues.keyUsage(r.keyUsageAsString()),
                AwsValues.signingAlgorithms(r.signingAlgorithmsAsStrings()));
    }

    /** Sign: the message travels to KMS (a DIGEST is all a caller who hashes locally sends). */
    @Override
    public SignResult sign(String keyId, byte[] message, MessageType messageType, SigningAlgorithm algorithm)
            throws KmsException {
        SignResponse r = call("Sign", keyId, c -> c.sign(b -> b
                .keyId(keyId).message(SdkBytes.fromByteArray(message))
                .messageType(messageType == null ? null : messageType.name())
                .signingAlgorithm(algorithm == null ? null : algorithm.name()).grantTokens(tokens())));
        require("Sign", keyId, r.signature() != null && r.keyId() != null);
        return new SignResult(r.keyId(), r.signature().asByteArray(),
                r.signingAlgorithmAsString() == null ? algorithm : SigningAlgorithm.fromName(r.signingAlgorithmAsString()));
    }

    /** Verify in KMS: KMSInvalidSignatureException is a false answer, not a failure. */
    @Override
    public boolean verify(String keyId, byte[] message, MessageType messageType, byte[] signature,
                          SigningAlgorithm algorithm) throws KmsException {
        VerifyResponse r;
        try {
            r = call("Verify", keyId, c -> c.verify(b -> b
                    .keyId(keyId).message(SdkBytes.fromByteArray(message))
                    .messageType(messageType == null ? null : messageType.name())
                    .signature(SdkBytes.fromByteArray(signature))
                    .signingAlgorithm(algorithm == null ? null : algorithm.name()).grantTokens(tokens())));
        } catch (KmsException e) {
            if (e.code() == KmsErrorCode.INVALID_SIGNATURE || e.getCause() instanceof KmsInvalidSignatureException) {
                return false;
            }
            throw e;
        }
        return Boolean.TRUE.equals(r.signatureValid());
    }

    /** Closes the SDK clients and the HTTP client. */
    @Override
    public void close() {
        if (!ownsClients) {
            return;
        }
        clients.close();
    }

    @Override
    public String toString() {
        return "AwsKms[region=" + region() + "]";
    }
}
