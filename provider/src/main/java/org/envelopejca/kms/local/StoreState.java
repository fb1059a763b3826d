package org.envelopejca.kms.local;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the store file holds, under its MAC: the region and account its ARNs belong to, a generation counter
 * (one more on every write), the keys by key ID, the aliases by alias name, the key policies put on keys, by key ID
 * (a key without one has KMS's default key policy; stores written before key policies have none), the grants by
 * grant ID, and whether the store keys its audit chain ({@code auditKeyed}: true from the first open by an engine
 * that writes keyed lines; absent, so false, in a store written before; see {@link AuditLog}).
 */
record StoreState(String region, String account, long generation, SortedMap<String, KeyRecord> keys,
                  SortedMap<String, AliasRecord> aliases, SortedMap<String, String> policies,
                  SortedMap<String, GrantRecord> grants, Boolean auditKeyed) {
    StoreState {
        auditKeyed = Boolean.TRUE.equals(auditKeyed);
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        keys = Collections.unmodifiableSortedMap(new TreeMap<>(keys));
        aliases = Collections.unmodifiableSortedMap(new TreeMap<>(aliases));
        policies = Collections.unmodifiableSortedMap(policies == null ? new TreeMap<>() : new TreeMap<>(policies));
        for (var e : keys.entrySet()) {
            if (!e.getKey().equals(e.getValue().keyId())) {
                throw new IllegalArgumentException("key stored under another key ID");
            }
        }
        for (var e : aliases.entrySet()) {
            if (!e.getKey().equals(e.getValue().aliasName())) {
                throw new IllegalArgumentException("alias stored under another name");
            }
            if (!keys.containsKey(e.getValue().targetKeyId())) {
                throw new IllegalArgumentException("alias points to no key");
            }
        }
        grants = Collections.unmodifiableSortedMap(grants == null ? new TreeMap<>() : new TreeMap<>(grants));
        for (var e : grants.entrySet()) {
            if (!e.getKey().equals(e.getValue().grantId()) || !keys.containsKey(e.getValue().keyId())) {
                throw new IllegalArgumentException("grant stored under another ID, or of no key");
            }
        }
        for (String keyId : policies.keySet()) {
            if (!keys.containsKey(keyId)) {
                throw new IllegalArgumentException("key policy of no key");
            }
        }
    }

    StoreState(String region, String account, long generation, SortedMap<String, KeyRecord> keys,
               SortedMap<String, AliasRecord> aliases) {
        this(region, account, generation, keys, aliases, null, null, false);
    }

    /** A state without key policies or grants (tests of the store format). */
    StoreState(String region, String account, long generation, SortedMap<String, KeyRecord> keys,
               SortedMap<String, AliasRecord> aliases, Boolean auditKeyed) {
        this(region, account, generation, keys, aliases, null, null, auditKeyed);
    }

    static StoreState empty(String region, String account) {
        return new StoreState(region, account, 0, new TreeMap<>(), new TreeMap<>(), null, null, true);
    }

    StoreState withGeneration(long newGeneration) {
        return new StoreState(region, account, newGeneration, keys, aliases, policies, grants, auditKeyed);
    }

    StoreState keyingItsAudit() {
        return new StoreState(region, account, generation, keys, aliases, policies, grants, true);
    }
}
