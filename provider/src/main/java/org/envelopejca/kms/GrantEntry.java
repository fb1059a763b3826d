package org.envelopejca.kms;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A grant as ListGrants shows it (KMS API Reference, GrantListEntry).
 *
 * @param keyId             the key's ARN
 * @param grantId           the grant's ID
 * @param name              the grant's name, or null
 * @param creationDate      when it was created
 * @param granteePrincipal  who may use it
 * @param retiringPrincipal who may retire it, or null
 * @param issuingAccount    the account root that created it
 * @param operations        the granted operations
 * @param contextEquals     EncryptionContextEquals constraint, or null
 * @param contextSubset     EncryptionContextSubset constraint, or null
 */
public record GrantEntry(String keyId, String grantId, String name, Instant creationDate, String granteePrincipal,
                         String retiringPrincipal, String issuingAccount, List<String> operations,
                         Map<String, String> contextEquals, Map<String, String> contextSubset) {
    public GrantEntry {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(grantId, "grantId");
        operations = List.copyOf(operations);
        contextEquals = contextEquals == null ? null : Map.copyOf(contextEquals);
        contextSubset = contextSubset == null ? null : Map.copyOf(contextSubset);
    }
}
