package org.envelopejca.kms.policy;

/**
 * Where a document is attached, which decides its grammar: a key policy (a resource policy: every statement names a
 * {@code Principal} or {@code NotPrincipal}) or an identity policy (attached to the principal: no principal element).
 */
public enum PolicyKind {
    KEY_POLICY,
    IDENTITY_POLICY
}
