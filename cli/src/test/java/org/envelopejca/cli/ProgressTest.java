package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProgressTest {

    private static final long THRESHOLD = Progress.DEFAULT_THRESHOLD_BYTES;

    @Test
    void byDefaultOnlyForLargeFilesOnATerminal() {
        assertTrue(Progress.shown(null, THRESHOLD, true));
        assertFalse(Progress.shown(null, THRESHOLD - 1, true), "small files finish before a bar helps");
        assertFalse(Progress.shown(null, -1, true), "standard input: size unknown");
        assertFalse(Progress.shown(null, 10 * THRESHOLD, false), "stderr is not a terminal");
    }

    @Test
    void askingDecides() {
        assertTrue(Progress.shown(true, 1, false));
        assertTrue(Progress.shown(true, -1, false));
        assertFalse(Progress.shown(false, 10 * THRESHOLD, true));
    }
}
