package org.envelopejca.kms;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * CreateGrant's input (KMS API Reference, CreateGrant).
 *
 * @param keyId             key ID or key ARN
 * @param granteePrincipal  the principal ARN that may use the grant
 * @param retiringPrincipal the principal ARN that may retire it, or null
 * @param operations        the granted operations ({@code Decrypt}, {@code GenerateDataKey}, ...)
 * @param contextEquals     EncryptionContextEquals, or null
 * @param contextSubset     EncryptionContextSubset, or null (at most one of the two)
 * @param name              a name that makes a retried request idempotent, or null
 * @param grantTokens       tokens of grants not yet visible (up to 10), may be empty
 */
public record CreateGrantRequest(String keyId, String granteePrincipal, String retiringPrincipal,
                                 List<String> operations, Map<String, String> contextEquals,
                                 Map<String, String> contextSubset, String name, List<String> grantTokens) {
    public CreateGrantRequest {
        operations = operations == null ? List.of() : List.copyOf(operations);
        contextEquals = contextEquals == null ? null : Map.copyOf(contextEquals);
        contextSubset = contextSubset == null ? null : Map.copyOf(contextSubset);
        grantTokens = grantTokens == null ? List.of() : List.copyOf(grantTokens);
    }

    /** A grant of {@code operations} on {@code keyId} to {@code grantee}, without constraint, name or retiree. */
    public static CreateGrantRequest of(String keyId, String grantee, List<String> operations) {
        Objects.requireNonNull(keyId, "keyId");
        return new CreateGrantRequest(keyId, grantee, null, operations, null, null, null, List.of());
    }
}
