package org.envelopejca.kms.local;

/**
 * The outcome of {@link AuditLog#verify}: either the whole chain holds ({@link #ok()}, with {@link #lines()} lines),
 * or it breaks first at {@link #brokenLine()} (1-based) for the {@link #problem()} given; {@link #lines()} then
 * counts the lines before it that verified. {@link #keyedLines()} of the verified lines are keyed (HMAC under the
 * store's audit key); {@link #keyChecked()} says whether their HMAC was checked (a key was given) or only their
 * structure.
 */
public record AuditVerification(boolean ok, long lines, long brokenLine, String problem, long keyedLines,
                                boolean keyChecked) {
    /** A verification of an unkeyed chain without a key. */
    public AuditVerification(boolean ok, long lines, long brokenLine, String problem) {
        this(ok, lines, brokenLine, problem, 0, false);
    }

    static AuditVerification verified(long lines) {
        return new AuditVerification(true, lines, 0, null);
    }

    static AuditVerification broken(long line, String problem) {
        return new AuditVerification(false, line - 1, line, problem);
    }

    /** Keyed lines whose HMAC could not be checked for want of the key (their structure was). */
    public long keyedLinesUnchecked() {
        return keyChecked ? 0 : keyedLines;
    }

    /** Lines whose chain value anybody can re-compute: unkeyed SHA-256 lines. */
    public long unkeyedLines() {
        return lines - keyedLines;
    }

    @Override
    public String toString() {
        if (!ok) {
            return "audit chain broken at line " + brokenLine + ": " + problem;
        }
        return "audit chain OK (" + lines + " lines: " + keyedLines + " keyed, "
                + (keyChecked ? "HMAC checked" : "HMAC not checked without the key") + "; " + unkeyedLines()
                + " unkeyed)";
    }
}
