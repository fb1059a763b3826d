package org.envelopejca.kms.policy;

import java.util.List;

/**
 * One statement of a policy (IAM User Guide, "IAM JSON policy element reference").
 *
 * @param index        position in the document (0-based), names the statement when it has no Sid
 * @param sid          the {@code Sid}, or null
 * @param effect       Allow or Deny
 * @param principals   the {@code Principal} / {@code NotPrincipal} element; null in identity policies
 * @param notPrincipal true when {@code principals} came from {@code NotPrincipal}
 * @param actions      action patterns ({@code kms:Decrypt}, {@code kms:Generate*}, {@code *})
 * @param notAction    true when {@code actions} came from {@code NotAction}
 * @param resources    resource patterns ({@code *} or ARNs with wildcards)
 * @param notResource  true when {@code resources} came from {@code NotResource}
 * @param conditions   all must hold
 */
public record Statement(int index, String sid, Effect effect, PrincipalSet principals, boolean notPrincipal,
                        List<String> actions, boolean notAction, List<String> resources, boolean notResource,
                        List<Condition> conditions) {
    public Statement {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        conditions = List.copyOf(conditions);
    }

    /** The Sid, or {@code Statement[i]} for a statement without one: what refusals and the audit log name. */
    public String id() {
        return sid != null ? sid : "Statement[" + index + "]";
    }

    /** Action, resource and conditions (the principal is the evaluator's business). */
    boolean covers(RequestContext request) {
        return actionMatches(request.action()) && resourceMatches(request.resource()) && conditionsHold(request);
    }

    private boolean actionMatches(String action) {
        boolean any = false;
        for (String pattern : actions) {
            // action names are case-insensitive (IAM User Guide, "Action")
            any |= Wildcard.matches(pattern, action, true);
        }
        return notAction != any;
    }

    private boolean resourceMatches(String resource) {
        boolean any = false;
        for (String pattern : resources) {
            any |= "*".equals(pattern) || ConditionOperator.arnLike(pattern, resource);
        }
        return notResource != any;
    }

    private boolean conditionsHold(RequestContext request) {
        for (Condition c : conditions) {
            if (!c.holds(request.valuesOf(c.key()))) {
                return false;
            }
        }
        return true;
    }
}
