package org.envelopejca.kms.local;

import org.envelopejca.kms.KeyState;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.UntrustedText;

import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One call's working copy of the store, taken under the directory lock from the freshly loaded state: KeyId
 * resolution and key state rules, and the changes the call makes (written back only if the call succeeds).
 */
final class StoreTransaction {
    private final StoreState base;
    private final Identifiers ids;
    private final Instant now;
    private final TreeMap<String, KeyRecord> keys;
    private final TreeMap<String, AliasRecord> aliases;
    private final TreeMap<String, String> policies;
    private final TreeMap<String, GrantRecord> grants;
    /** Key ID to the alias name the request named it by (kms:RequestAlias). */
    private final java.util.Map<String, String> requestAliases = new java.util.HashMap<>();
    private boolean changed;

    StoreTransaction(StoreState base, Identifiers ids, Instant now) {
        this.base = base;
        this.ids = ids;
        this.now = now;
        this.keys = new TreeMap<>(base.keys());
        this.aliases = new TreeMap<>(base.aliases());
        this.policies = new TreeMap<>(base.policies());
        this.grants = new TreeMap<>(base.grants());
    }

    Instant now() {
        return now;
    }

    Identifiers ids() {
        return ids;
    }

    boolean changed() {
        return changed;
    }

    StoreState toState() {
        return new StoreState(base.region(), base.account(), base.generation(), keys, aliases, policies, grants,
                base.auditKeyed());
    }

    SortedMap<String, KeyRecord> keys() {
        return keys;
    }

    SortedMap<String, AliasRecord> aliases() {
        return aliases;
    }

    /**
     * KMS KeyId resolution: a key ID, a key ARN, an alias name ({@code alias/…}) or an alias ARN; ARNs of another
     * region or account, unknown keys and unknown aliases are NotFoundException.
     */
    KeyRecord resolve(String keyId) throws KmsException {
        if (keyId == null || keyId.isEmpty()) {
            throw new KmsException(KmsErrorCode.VALIDATION, "KeyId is required", null);
        }
        if (keyId.length() > 2048) {
            throw new KmsException(KmsErrorCode.VALIDATION, "KeyId is longer than 2048 characters", null);
        }
        String ref = keyId;
        if (keyId.startsWith("arn:")) {
            ref = ids.resourceOf(keyId);
            if (ref == null) {
                throw new KmsException(KmsErrorCode.NOT_FOUND, "Invalid arn or not in this region and account: "
                        + UntrustedText.quote(keyId), null);
            }
            if (ref.startsWith("key/")) {
                ref = ref.substring("key/".length());
            } else if (!ref.startsWith(Identifiers.ALIAS_PREFIX)) {
                throw new KmsException(KmsErrorCode.NOT_FOUND, "Invalid arn " + UntrustedText.quote(keyId), null);
            }
        }
        if (ref.startsWith(Identifiers.ALIAS_PREFIX)) {
            AliasRecord alias = aliases.get(ref);
            if (alias == null) {
                throw new KmsException(KmsErrorCode.NOT_FOUND, "Alias " + ids.aliasArn(ref) + " is not found.", null);
            }
            requestAliases.put(alias.targetKeyId(), ref);
            return key(alias.targetKeyId());
        }
        return key(ref);
    }

    /** The key of this ID; NotFoundException when there is none (never created, or deleted). */
    KeyRecord key(String keyId) throws KmsException {
        KeyRecord key = keys.get(keyId);
        if (key == null) {
            throw new KmsException(KmsErrorCode.NOT_FOUND, "Key '" + ids.keyArn(keyId) + "' does not exist", null);
        }
        return key;
    }

    /** The KMS key state rule for cryptographic and rotation operations: Enabled only. */
    void requireEnabled(KeyRecord key) throws KmsException {
        String arn = ids.keyArn(key.keyId());
        if (key.keyState() == KeyState.DISABLED) {
            throw new KmsException(KmsErrorCode.DISABLED, arn + " is disabled.", arn);
        }
        requireNotPendingDeletion(key);
    }

    void requireNotPendingDeletion(KeyRecord key) throws KmsException {
        if (key.keyState() == KeyState.PENDING_DELETION) {
            String arn = ids.keyArn(key.keyId());
            throw new KmsException(KmsErrorCode.INVALID_STATE, arn + " is pending deletion.", arn);
        }
    }

    void put(KeyRecord key) {
        keys.put(key.keyId(), key);
        changed = true;
    }

    /** Deletes a key for good, with the aliases that point to it (as KMS does when a waiting period ends). */
    void deleteKey(String keyId) {
        keys.remove(keyId);
        aliases.values().removeIf(a -> a.targetKeyId().equals(keyId));
        policies.remove(keyId);
        grants.values().removeIf(g -> g.keyId().equals(keyId));
        changed = true;
    }

    SortedMap<String, GrantRecord> grants() {
        return grants;
    }

    void putGrant(GrantRecord grant) {
        grants.put(grant.grantId(), grant);
        changed = true;
    }

    void removeGrant(String grantId) {
        grants.remove(grantId);
        changed = true;
    }

    /** The alias name this call named the key by, or null when it named it by key ID or ARN. */
    String requestAlias(String keyId) {
        return requestAliases.get(keyId);
    }

    /** The key policy put on the key, or null when it has KMS's default key policy. */
    String policy(String keyId) {
        return policies.get(keyId);
    }

    void putPolicy(String keyId, String policy) {
        policies.put(keyId, policy);
        changed = true;
    }

    void putAlias(AliasRecord alias) {
        aliases.put(alias.aliasName(), alias);
        changed = true;
    }

    void removeAlias(String aliasName) {
        aliases.remove(aliasName);
        changed = true;
    }
}
