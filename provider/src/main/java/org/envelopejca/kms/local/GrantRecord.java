package org.envelopejca.kms.local;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stored grant (KMS Developer Guide, "Grants in AWS KMS").
 *
 * @param grantId           64 hex digits
 * @param keyId             the key it is on
 * @param name              its name, or null
 * @param creationDate      when it was created
 * @param granteePrincipal  the principal ARN that may use it
 * @param retiringPrincipal the principal ARN that may retire it, or null
 * @param operations        the granted operations, in KMS's names
 * @param contextEquals     EncryptionContextEquals, or null
 * @param contextSubset     EncryptionContextSubset, or null
 */
record GrantRecord(String grantId, String keyId, String name, Instant creationDate, String granteePrincipal,
                   String retiringPrincipal, List<String> operations, Map<String, String> contextEquals,
                   Map<String, String> contextSubset) {
    GrantRecord {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(creationDate, "creationDate");
        Objects.requireNonNull(granteePrincipal, "granteePrincipal");
        operations = List.copyOf(operations);
        contextEquals = contextEquals == null ? null : Map.copyOf(contextEquals);
        contextSubset = contextSubset == null ? null : Map.copyOf(contextSubset);
        if (contextEquals != null && contextSubset != null) {
            throw new IllegalArgumentException("a grant has at most one constraint");
        }
    }

    /** The same grant by KMS's idempotency rule for a repeated Name: everything but the ID and date equal. */
    boolean sameRequest(GrantRecord other) {
        return Objects.equals(name, other.name) && keyId.equals(other.keyId)
                && granteePrincipal.equals(other.granteePrincipal)
                && Objects.equals(retiringPrincipal, other.retiringPrincipal)
                && new java.util.TreeSet<>(operations).equals(new java.util.TreeSet<>(other.operations))
                && Objects.equals(contextEquals, other.contextEquals) && Objects.equals(contextSubset, other.contextSubset);
    }
}
