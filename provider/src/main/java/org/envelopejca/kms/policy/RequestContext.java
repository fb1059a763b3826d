package org.envelopejca.kms.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a request is, as policies see it (IAM User Guide, "Processing the request context"): the principal, the
 * action ({@code kms:Decrypt}), the resource (the key ARN, or {@code *} for an operation on no key), and the
 * condition keys' values. Built with {@link #builder(AwsPrincipal, String, String)}, which sets the keys every
 * request has ({@code aws:PrincipalArn}, {@code aws:username} for users, {@code kms:CallerAccount},
 * {@code aws:CurrentTime}, {@code aws:SecureTransport}).
 *
 * @param principal         the caller
 * @param action            the action, e.g. {@code kms:Decrypt}
 * @param resource          the key ARN, or {@code *}
 * @param encryptionContext the request's encryption context as sent (grant constraints compare it), possibly empty
 * @param values            condition key (lower-cased) to its values; a key absent from the request is absent here
 */
public record RequestContext(AwsPrincipal principal, String action, String resource,
                             Map<String, String> encryptionContext, Map<String, List<String>> values) {
    public RequestContext {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        encryptionContext = Map.copyOf(encryptionContext);
        Map<String, List<String>> copy = new HashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        values = Map.copyOf(copy);
    }

    /** The request's values for a canonical key; empty when the key is absent. */
    public List<String> valuesOf(String key) {
        return values.getOrDefault(key, List.of());
    }

    public static Builder builder(AwsPrincipal principal, String action, String resource) {
        return new Builder(principal, action, resource);
    }

    public static final class Builder {
        private final AwsPrincipal principal;
        private final String action;
        private final String resource;
        private final Map<String, String> encryptionContext = new TreeMap<>();
        private final Map<String, List<String>> values = new HashMap<>();

        private Builder(AwsPrincipal principal, String action, String resource) {
            this.principal = principal;
            this.action = action;
            this.resource = resource;
            put(ConditionKeys.PRINCIPAL_ARN, principal.policyArn());
            principal.userName().ifPresent(u -> put(ConditionKeys.USERNAME, u));
            put(ConditionKeys.CALLER_ACCOUNT, principal.account());
            currentTime(Instant.now());
            secureTransport(true);
        }

        /** Adds the encryption context: {@code kms:EncryptionContext:KEY} per pair, {@code kms:EncryptionContextKeys}. */
        public Builder encryptionContext(Map<String, String> context) {
            encryptionContext.putAll(context);
            List<String> keys = new ArrayList<>();
            context.forEach((k, v) -> {
                add(ConditionKeys.encryptionContext(k), v);
                keys.add(k);
            });
            if (!keys.isEmpty()) {
                values.computeIfAbsent(ConditionKeys.ENCRYPTION_CONTEXT_KEYS, x -> new ArrayList<>()).addAll(keys);
            }
            return this;
        }

        public Builder currentTime(Instant now) {
            return put(ConditionKeys.CURRENT_TIME, now.toString());
        }

        public Builder secureTransport(boolean secure) {
            return put(ConditionKeys.SECURE_TRANSPORT, Boolean.toString(secure));
        }

        public Builder keySpec(String keySpec) {
            return put(ConditionKeys.KEY_SPEC, keySpec);
        }

        public Builder keyUsage(String keyUsage) {
            return put(ConditionKeys.KEY_USAGE, keyUsage);
        }

        public Builder requestAlias(String alias) {
            return put(ConditionKeys.REQUEST_ALIAS, alias);
        }

        public Builder resourceAliases(Collection<String> aliases) {
            return putAll(ConditionKeys.RESOURCE_ALIASES, aliases);
        }

        public Builder grantOperations(Collection<String> operations) {
            return putAll(ConditionKeys.GRANT_OPERATIONS, operations);
        }

        public Builder grantIsForAwsResource(boolean forAwsResource) {
            return put(ConditionKeys.GRANT_IS_FOR_AWS_RESOURCE, Boolean.toString(forAwsResource));
        }

        public Builder granteePrincipal(String arn) {
            return put(ConditionKeys.GRANTEE_PRINCIPAL, arn);
        }

        public Builder retiringPrincipal(String arn) {
            return put(ConditionKeys.RETIRING_PRINCIPAL, arn);
        }

        /** Sets one supported key's values directly (tests, and keys the builder has no method for). */
        public Builder value(String key, Collection<String> vals) {
            String canonical = ConditionKeys.canonical(key);
            if (canonical == null) {
                throw new IllegalArgumentException("not a supported condition key");
            }
            values.remove(canonical);
            return putAll(canonical, vals);
        }

        public RequestContext build() {
            return new RequestContext(principal, action, resource, encryptionContext, values);
        }

        private Builder put(String key, String value) {
            values.put(key, new ArrayList<>(List.of(value)));
            return this;
        }

        private Builder putAll(String key, Collection<String> vals) {
            if (!vals.isEmpty()) {
                values.put(key, new ArrayList<>(vals));
            }
            return this;
        }

        private void add(String key, String value) {
            values.computeIfAbsent(key, x -> new ArrayList<>()).add(value);
        }
    }
}
