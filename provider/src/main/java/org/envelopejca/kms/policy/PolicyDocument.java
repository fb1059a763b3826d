package org.envelopejca.kms.policy;

import java.util.List;
import java.util.Objects;

/**
 * A parsed policy: the text as given (what GetKeyPolicy returns, byte for byte) and its statements.
 *
 * @param kind       key policy or identity policy
 * @param text       the document as it was put
 * @param version    {@code 2012-10-17}, {@code 2008-10-17}, or null when the document has no Version
 * @param statements in document order
 */
public record PolicyDocument(PolicyKind kind, String text, String version, List<Statement> statements) {
    public PolicyDocument {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        statements = List.copyOf(statements);
    }

    /** Parses and checks a document; see {@link PolicyParser} for what is refused. */
    public static PolicyDocument parse(PolicyKind kind, String text) throws MalformedPolicyException {
        return PolicyParser.parse(kind, text);
    }

    @Override
    public String toString() {
        return "PolicyDocument[" + kind + ", " + statements.size() + " statements]";
    }
}
