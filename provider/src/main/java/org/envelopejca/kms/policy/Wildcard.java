package org.envelopejca.kms.policy;

/**
 * IAM's two wildcards, {@code *} (any run of characters, also empty) and {@code ?} (one character), in action names,
 * resources, {@code StringLike} and {@code ArnLike}. No other character is special. The match is the greedy scan with
 * one back-tracking point (the last star seen): no recursion, no regular expression, time bounded by the product of
 * the two lengths, both of which the parser and the engine bound.
 */
final class Wildcard {
    private Wildcard() {
    }

    static boolean matches(String pattern, String value, boolean ignoreCase) {
        int p = 0;
        int v = 0;
        int star = -1;
        int starValue = 0;
        while (v < value.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                starValue = v;
            } else if (p < pattern.length()
                    && (pattern.charAt(p) == '?' || same(pattern.charAt(p), value.charAt(v), ignoreCase))) {
                p++;
                v++;
            } else if (star >= 0) {
                p = star + 1;
                v = ++starValue;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        return a == b || ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b);
    }
}
