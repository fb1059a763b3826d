package org.envelopejca.kms.local;

/**
 * The outcome of {@link AuditLog#verify}: either the whole chain holds ({@link #ok()}, with {@link #lines()} lines),
 * or it breaks first at {@link #brokenLine()} (1-based) for the {@link #problem()} given; {@link #lines()} then
 * counts the lines before it that verified.
 */
public record AuditVerification(boolean ok, long lines, long brokenLine, String problem) {
    static AuditVerification verified(long lines) {
        return new AuditVerification(true, lines, 0, null);
    }

    static AuditVerification broken(long line, String problem) {
        return new AuditVerification(false, line - 1, line, problem);
    }

    @Override
    public String toString() {
        return ok ? "audit chain OK (" + lines + " lines)" : "audit chain broken at line " + brokenLine + ": " + problem;
    }
}
