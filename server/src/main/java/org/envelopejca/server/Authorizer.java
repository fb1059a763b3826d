package org.envelopejca.server;

import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;

/**
 * Decides whether an access key may call an operation on a key or alias. Key entries of the policy match a request
 * that names the key by key ID, key ARN or any alias pointing to it (the alias is then resolved through the engine,
 * with DescribeKey); alias entries match a request that names that alias. The match is on the resource part
 * ({@code key/…}, {@code alias/…}), so an ARN and a bare ID or alias name are the same entry.
 */
final class Authorizer {
    private final Kms lookup;
    private final String account;

    /**
     * @param lookup  the engine used to resolve an alias to its key when a policy names keys
     * @param account the account in the denial messages' user ARNs
     */
    Authorizer(Kms lookup, String account) {
        this.lookup = lookup;
        this.account = account;
    }

    void requireOperation(AccessKey key, Operation operation) throws WireError {
        if (!key.mayCall(operation.name())) {
            throw denied(key, operation, "*", "no identity-based policy allows the kms:" + operation + " action");
        }
    }

    /**
     * The key a request names. {@code keyId} null: allowed only to access keys allowed every key (Decrypt and
     * ReEncrypt without a key ID would otherwise learn the key from the ciphertext only after using it).
     */
    void requireKey(AccessKey key, Operation operation, String member, String keyId) throws WireError {
        if (key.allKeys()) {
            return;
        }
        if (keyId == null) {
            throw denied(key, operation, "*", "this access key may use some keys only, so the request must name its "
                    + member);
        }
        String resource = resource(keyId);
        if (matches(key, resource)) {
            return;
        }
        if (resource.startsWith("alias/") && namesKeys(key)) {
            try {
                KeyMetadata m = lookup.describeKey(keyId);
                if (matches(key, "key/" + m.keyId())) {
                    return;
                }
            } catch (KmsException e) {
                if (e.code() != KmsErrorCode.NOT_FOUND) {
                    throw WireError.of(e);
                }
            }
        }
        throw denied(key, operation, keyId, "no identity-based policy allows the kms:" + operation
                + " action on this key");
    }

    /** An alias the request creates, moves or deletes: the policy must name it (or every key). */
    void requireAlias(AccessKey key, Operation operation, String aliasName) throws WireError {
        if (key.allKeys() || aliasName != null && matches(key, resource(aliasName))) {
            return;
        }
        throw denied(key, operation, aliasName == null ? "*" : aliasName,
                "no identity-based policy allows the kms:" + operation + " action on this alias");
    }

    private static boolean namesKeys(AccessKey key) {
        return key.keys().stream().anyMatch(k -> resource(k).startsWith("key/"));
    }

    private static boolean matches(AccessKey key, String resource) {
        for (String entry : key.keys()) {
            String r = resource(entry);
            if (r.endsWith("*") ? resource.startsWith(r.substring(0, r.length() - 1)) : r.equals(resource)) {
                return true;
            }
        }
        return false;
    }

    /** {@code key/ID} or {@code alias/NAME} for a key ID, key ARN, alias name or alias ARN. */
    static String resource(String id) {
        if (id.startsWith("arn:")) {
            String[] parts = id.split(":", 6);
            return parts.length == 6 ? parts[5] : id;
        }
        return id.startsWith("alias/") ? id : "key/" + id;
    }

    private WireError denied(AccessKey key, Operation operation, String resource, String why) {
        return WireError.of(KmsErrorCode.ACCESS_DENIED, "User: " + CallerViews.principalArn(key.principal(), account)
                + " is not authorized to perform: kms:" + operation + " on resource: " + resource + " because " + why)
                .withKeyId(resource.equals("*") ? null : resource);
    }
}
