package org.envelopejca.server;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where the public SigV4 signing test suite is: the folder named by the system property
 * {@code sigv4.suite.dir} (the build sets it; README "Tests and what they read" says where the suite comes from).
 * Without it the class is reported as skipped, with that sentence, unless {@code CI=true}, where it fails.
 */
public final class SigV4Suite implements ExecutionCondition {
    static final String WHY = "the public SigV4 test suite is not at sigv4.suite.dir=%s: run with "
            + "-Dsigv4.suite.dir=FOLDER (README, \"Tests and what they read\")";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String dir = System.getProperty("sigv4.suite.dir");
        if (dir != null && Files.isDirectory(Path.of(dir))) {
            return ConditionEvaluationResult.enabled("SigV4 test suite at " + dir);
        }
        String why = String.format(WHY, dir);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + why);
        }
        System.err.println("SKIPPED " + context.getDisplayName() + ": " + why);
        return ConditionEvaluationResult.disabled(why);
    }
}
