package org.envelopejca.hardening;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a fuzzer run found. {@link #line()} is one parseable line ({@code HOSTILE-FUZZ key=value ...}), printed by
 * the forked run and read back by the test that started it.
 *
 * @param cases              hostile messages decrypted
 * @param hugeClaims         cases with a length or count field claiming 65 535 or more
 * @param badTag             rejected with AEADBadTagException (not DataKeyUnavailableException)
 * @param dataKeyUnavailable rejected with DataKeyUnavailableException
 * @param malformed          rejected with MalformedMessageException
 * @param partialReleases    rejections after some verified plaintext had been released
 * @param neutral            mutated messages that decrypted to the original plaintext (should be none)
 * @param violations         broken promises (wrong exception type, unauthenticated bytes released, ...)
 * @param maxCaseMillis      the slowest case
 * @param examples           descriptions of the first violations and neutral cases
 */
record FuzzSummary(long cases, long hugeClaims, long badTag, long dataKeyUnavailable, long malformed,
        long partialReleases, long neutral, long violations, long maxCaseMillis, List<String> examples) {

    static final String PREFIX = "HOSTILE-FUZZ";

    String line() {
        return PREFIX + " cases=" + cases + " hugeClaims=" + hugeClaims + " badTag=" + badTag
                + " dataKeyUnavailable=" + dataKeyUnavailable
                + " malformed=" + malformed + " partialReleases=" + partialReleases + " neutral=" + neutral
                + " violations=" + violations + " maxCaseMillis=" + maxCaseMillis;
    }

    /** The key=value pairs of a {@link #line()}. */
    static Map<String, Long> parse(String line) {
        if (!line.startsWith(PREFIX + " ")) {
            throw new IllegalArgumentException("not a summary line: " + line);
        }
        Map<String, Long> values = new LinkedHashMap<>();
        for (String pair : line.substring(PREFIX.length() + 1).split(" ")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], Long.parseLong(kv[1]));
        }
        return values;
    }
}
