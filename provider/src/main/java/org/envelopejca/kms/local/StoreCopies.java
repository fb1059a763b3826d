package org.envelopejca.kms.local;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes each new sealed store to the configured {@link CopyTarget}s before the local commit (see the package
 * documentation for why in that order) and decides whether enough of them succeeded: at least {@code required}
 * (0: copies are best effort, a change never fails for them). Failures that do not fail the change are kept for
 * the engine to record in the audit log ({@link #drainFailures}). Called under the directory lock only.
 */
final class StoreCopies {
    private final List<CopyTarget> targets;
    private final int required;
    private final byte[] rootHeader;
    private final List<String> failures = new ArrayList<>();

    /**
     * @param rootHeader the bytes of the store's {@code root.json} (a new store's before they are on disk)
     */
    StoreCopies(List<CopyTarget> targets, int required, byte[] rootHeader) {
        if (required < 0 || required > targets.size()) {
            throw new IllegalArgumentException("copies required " + required + " of " + targets.size()
                    + " copy targets");
        }
        this.targets = List.copyOf(targets);
        this.required = required;
        this.rootHeader = rootHeader.clone();
    }

    static StoreCopies none() {
        return new StoreCopies(List.of(), 0, new byte[0]);
    }

    boolean isEmpty() {
        return targets.isEmpty();
    }

    /**
     * Writes {@code sealedStore} of {@code generation} to every target.
     *
     * @throws CopyFailedException fewer than {@code required} targets took it; the message names each failure
     */
    void replicate(long generation, byte[] sealedStore) throws CopyFailedException {
        if (targets.isEmpty()) {
            return;
        }
        int written = 0;
        List<String> failed = new ArrayList<>();
        for (CopyTarget target : targets) {
            try {
                target.put(generation, rootHeader, sealedStore);
                written++;
            } catch (IOException | RuntimeException e) {
                failed.add(target.location() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage()));
            }
        }
        if (written < required) {
            throw new CopyFailedException("store change not applied: " + written + " of the " + required
                    + " required copies written (" + String.join("; ", failed) + ")");
        }
        failures.addAll(failed);
    }

    /** Closes the targets (their S3 clients). */
    void close() {
        for (CopyTarget target : targets) {
            target.close();
        }
    }

    /** The failures of copies that did not fail their change, since the last call; then forgets them. */
    List<String> drainFailures() {
        List<String> drained = List.copyOf(failures);
        failures.clear();
        return drained;
    }
}
