package org.envelopejca.vectors;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where the public ESDK test vectors are: the folder named by the system property
 * {@code esdk.vectors.dir} (the build sets it; README "Tests and what they read" says where the vectors come from).
 * Without them the class is reported as skipped, with that sentence, unless {@code CI=true}: CI must not skip them
 * silently, so there the class fails.
 */
public final class PublicVectors implements ExecutionCondition {
    static final String WHY = "the public ESDK test vectors are not at esdk.vectors.dir=%s: run with "
            + "-Desdk.vectors.dir=FOLDER (README, \"Tests and what they read\")";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String dir = System.getProperty("esdk.vectors.dir");
        if (dir != null && Files.isDirectory(Path.of(dir))) {
            return ConditionEvaluationResult.enabled("public ESDK vectors at " + dir);
        }
        String why = String.format(WHY, dir);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + why);
        }
        System.err.println("SKIPPED " + context.getDisplayName() + ": " + why);
        return ConditionEvaluationResult.disabled(why);
    }
}
