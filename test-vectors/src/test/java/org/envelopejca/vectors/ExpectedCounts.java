package org.envelopejca.vectors;

/**
 * How many tests a manifest must hold, so that a changed manifest cannot quietly shrink what is checked.
 *
 * @param total     tests in the manifest
 * @param decrypt   tests that must decrypt to their plaintext
 * @param fail      tests that must fail to decrypt
 * @param skipped   tests this runner cannot run (keys it cannot use), reported as skipped
 */
public record ExpectedCounts(int total, int decrypt, int fail, int skipped) {
}
