package org.envelopejca.kms.local;

import java.util.Locale;

/**
 * When the embedded KMS forces its audit lines to disk. In every mode a call's line is written to the file before the
 * call returns, so a crash of the process loses no line of a call that was answered; the modes differ in what a
 * crash of the machine (power loss, kernel panic) may lose.
 *
 * <p>The default, {@link #BATCHED}, is the practice of system audit daemons (auditd's incremental flush, which
 * hardening guides set to a sync every 100 records; CloudTrail delivers AWS KMS's events minutes later): a sync per
 * line would make the disk's flush latency, not the engine, set the rate of every call.
 */
public enum AuditSync {
    /** Every call returns only once its line is on disk. The strictest; about a disk flush per call. */
    EVERY_CALL("every-call"),
    /**
     * Calls that change the store (create, rotate, enable, disable, schedule deletion, aliases, ...) return only once
     * their line is on disk, as their change is; the lines of other calls (data keys, encrypt, decrypt, describe,
     * list) are forced at most {@link AuditLog#BATCH_INTERVAL} after they were written.
     */
    BATCHED("batched"),
    /** No sync of the engine's own: the operating system writes the lines out when it will. For tests. */
    OPERATING_SYSTEM("os");

    private final String configName;

    AuditSync(String configName) {
        this.configName = configName;
    }

    /** Whether a call returns only once its line is on disk; {@code storeChanged}: the call changed the store. */
    boolean durableOnReturn(boolean storeChanged) {
        return this == EVERY_CALL || (this == BATCHED && storeChanged);
    }

    /** Whether the engine forces lines to disk at all (it then also does so before it closes a file). */
    boolean forcesLines() {
        return this != OPERATING_SYSTEM;
    }

    /** The name in configuration files: {@code every-call}, {@code batched} or {@code os}. */
    public String configName() {
        return configName;
    }

    /** @throws IllegalArgumentException for a name that is not one of {@link #configName()}'s */
    public static AuditSync ofConfigName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (AuditSync s : values()) {
            if (s.configName.equals(wanted)) {
                return s;
            }
        }
        throw new IllegalArgumentException("audit sync must be every-call, batched or os, not " + name);
    }
}
