package org.envelopejca.kms.policy;

import java.util.Objects;

/**
 * The answer for one request, with what decided it: the Sid (or {@code Statement[i]}) of the deciding statement, or
 * the grant ID.
 *
 * @param outcome    allowed, explicitly denied, or denied because nothing allowed it
 * @param source     which kind of document decided (for an implicit deny: which kind was missing an allow)
 * @param decidingId the statement or grant that decided, or null for an implicit deny and for the account root's
 *                   own access
 */
public record Decision(Outcome outcome, Source source, String decidingId) {
    public enum Outcome { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY }

    public enum Source { KEY_POLICY, IDENTITY_POLICY, GRANT, ROOT }

    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(source, "source");
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }

    /**
     * KMS's AccessDeniedException message: "User: ARN is not authorized to perform: ACTION on resource: RESOURCE"
     * and why, "because no resource-based policy allows the ACTION action" / "because no identity-based policy
     * allows..." / "with an explicit deny in a resource-based policy" / "... in an identity-based policy".
     */
    public String accessDeniedMessage(RequestContext request) {
        String head = "User: " + request.principal().arn() + " is not authorized to perform: " + request.action()
                + " on resource: " + request.resource();
        String policy = source == Source.IDENTITY_POLICY ? "identity-based policy" : "resource-based policy";
        return switch (outcome) {
            case EXPLICIT_DENY -> head + " with an explicit deny in " + (source == Source.IDENTITY_POLICY
                    ? "an " : "a ") + policy;
            case IMPLICIT_DENY -> head + " because no " + policy + " allows the " + request.action() + " action";
            case ALLOW -> throw new IllegalStateException("not a refusal");
        };
    }
}
