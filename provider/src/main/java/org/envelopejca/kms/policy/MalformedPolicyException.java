package org.envelopejca.kms.policy;

/**
 * A policy document that KMS would refuse (MalformedPolicyDocumentException): bad JSON, an element or value outside
 * the policy grammar, an unknown condition key or operator, or a document over KMS's size limit. The message says
 * which; it may quote the offending element name but never more than a short excerpt of the document.
 */
public final class MalformedPolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPolicyException(String message) {
        super(message);
    }
}
