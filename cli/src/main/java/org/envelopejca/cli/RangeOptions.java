package org.envelopejca.cli;

import picocli.CommandLine.Option;

/** The part of the plaintext {@code decrypt} writes: all of it, or a byte range read with the range decryptor. */
final class RangeOptions {

    @Option(names = "--range", paramLabel = "START-END", order = 30,
            description = "Write only plaintext bytes START to END, both included (counted from 0, as in an HTTP "
                    + "Range header); START- runs to the end. Reads only the frames under the range (and the header "
                    + "and final frame, which are always verified). Needs a file input and a framed message.")
    String range;

    @Option(names = "--offset", paramLabel = "N", order = 31,
            description = "Write plaintext from byte N (counted from 0); with --length, that many bytes, else to the end.")
    Long offset;

    @Option(names = "--length", paramLabel = "N", order = 32,
            description = "Write N plaintext bytes (from --offset, or from 0); fewer when the plaintext ends first.")
    Long length;

    @Option(names = "--without-checking-signature", order = 33,
            description = "With a range: read a signed message too, WITHOUT checking its signature (a range read "
                    + "cannot: it signs the whole message). Each frame written is still authenticated by the data "
                    + "key. Without this option a range of a signed message is refused.")
    boolean withoutCheckingSignature;

    /**
     * A plaintext range.
     *
     * @param offset first byte
     * @param length bytes, {@link Long#MAX_VALUE} for "to the end"
     */
    record PlaintextRange(long offset, long length) {
    }

    /** The range asked for, or null for the whole message. */
    PlaintextRange parse() throws UsageException {
        if (range != null && (offset != null || length != null)) {
            throw new UsageException("--range cannot be combined with --offset or --length");
        }
        if (range == null && offset == null && length == null) {
            if (withoutCheckingSignature) {
                throw new UsageException("--without-checking-signature applies to a range only (--range, --offset, "
                        + "--length); a whole message's signature is always checked");
            }
            return null;
        }
        if (range != null) {
            int dash = range.indexOf('-');
            if (dash <= 0) {
                throw new UsageException("--range takes START-END or START-, e.g. 0-1023: got " + range);
            }
            long start = number("--range start", range.substring(0, dash));
            String endText = range.substring(dash + 1);
            if (endText.isEmpty()) {
                return new PlaintextRange(start, Long.MAX_VALUE);
            }
            long end = number("--range end", endText);
            if (end < start) {
                throw new UsageException("--range end " + end + " is before its start " + start);
            }
            return new PlaintextRange(start, end == Long.MAX_VALUE ? Long.MAX_VALUE : end - start + 1);
        }
        long from = offset == null ? 0 : offset;
        if (from < 0 || (length != null && length < 0)) {
            throw new UsageException("--offset and --length must not be negative");
        }
        return new PlaintextRange(from, length == null ? Long.MAX_VALUE : length);
    }

    private static long number(String what, String text) throws UsageException {
        try {
            long n = Long.parseLong(text);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(what + " is not a byte position: " + text);
        }
    }
}
