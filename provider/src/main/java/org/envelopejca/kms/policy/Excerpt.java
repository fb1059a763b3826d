package org.envelopejca.kms.policy;

/** A short, printable excerpt of a document value for an error message (never the whole of a large value). */
final class Excerpt {
    private static final int MAX = 64;

    private Excerpt() {
    }

    static String of(String value) {
        StringBuilder b = new StringBuilder(Math.min(value.length(), MAX) + 3);
        for (int i = 0; i < value.length() && i < MAX; i++) {
            char c = value.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (value.length() > MAX) {
            b.append("...");
        }
        return b.toString();
    }
}
