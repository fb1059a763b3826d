package org.envelopejca.cli;

import java.net.URI;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Moto server CI starts ({@code MOTO_ENDPOINT}), for command tests against S3. Without it the tests fail when
 * {@code CI=true} (CI must not silently skip them) and are skipped otherwise, saying why.
 */
final class MotoEndpoint implements ExecutionCondition {
    static final String VARIABLE = "MOTO_ENDPOINT";

    static URI endpoint() {
        return URI.create(System.getenv(VARIABLE).trim());
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String given = System.getenv(VARIABLE);
        if (given != null && !given.isBlank()) {
            return ConditionEvaluationResult.enabled("Moto at " + given);
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + VARIABLE + " is not set");
        }
        System.err.println("SKIPPED " + context.getDisplayName() + ": S3 tests need " + VARIABLE);
        return ConditionEvaluationResult.disabled("S3 tests need " + VARIABLE);
    }
}
