package org.envelopejca.kms;

/**
 * Strings that come from a message or a request (provider IDs and info, context keys and values, key IDs and ARNs
 * read from encrypted data keys) made safe to put in an exception message, which ends up on terminals and in logs:
 * control and other invisible characters (ESC, BEL, NUL, CR, LF, bidirectional overrides such as U+202E) become
 * {@code \\uXXXX}, and a long string is cut. It lives in the lowest layer because message, keyring and engine all
 * echo such strings, and layers only depend downwards.
 */
public final class UntrustedText {
    /** Characters of one string kept in a message; the rest is counted, not shown. */
    public static final int MAX_LENGTH = 200;

    private UntrustedText() {
    }

    /**
     * The string as it may appear inside an exception message: invisible characters and the backslash escaped
     * (so that an escape cannot be forged), at most {@link #MAX_LENGTH} characters of it shown.
     */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_LENGTH) + 16);
        int shown = 0;
        int i = 0;
        while (i < s.length() && shown < MAX_LENGTH) {
            int cp = s.codePointAt(i);
            if (cp == '\\') {
                b.append("\\\\");
            } else {
                append(b, cp);
            }
            i += Character.charCount(cp);
            shown++;
        }
        if (i < s.length()) {
            b.append("...(").append(s.length() - i).append(" more chars)");
        }
        return b.toString();
    }

    /** The first {@code max} strings of a list, each {@linkplain #quote quoted}, and how many more there are. */
    public static String quoteAll(java.util.List<String> items, int max) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < items.size() && i < max; i++) {
            b.append(i == 0 ? "" : ", ").append(quote(items.get(i)));
        }
        if (items.size() > max) {
            b.append(", ... ").append(items.size() - max).append(" more");
        }
        return b.append(']').toString();
    }

    /**
     * A whole exception message with its invisible characters escaped (backslashes kept: parts already
     * {@linkplain #quote quoted} stay as they are). Exception constructors of the provider apply it, so that a
     * string that reached a message unquoted still cannot carry a terminal escape sequence.
     */
    public static String escapeControls(String message) {
        if (message == null) {
            return null;
        }
        int i = 0;
        while (i < message.length()) {
            int cp = message.codePointAt(i);
            if (!printable(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        if (i == message.length()) {
            return message;
        }
        StringBuilder b = new StringBuilder(message.length() + 16).append(message, 0, i);
        while (i < message.length()) {
            int cp = message.codePointAt(i);
            append(b, cp);
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    private static void append(StringBuilder b, int cp) {
        if (printable(cp)) {
            b.appendCodePoint(cp);
        } else if (cp <= 0xFFFF) {
            b.append(String.format("\\u%04X", cp));
        } else {
            b.append(String.format("\\U%08X", cp));
        }
    }

    /** Visible characters and the plain space; not controls, format characters (bidi overrides), separators. */
    static boolean printable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR, Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> false;
            default -> true;
        };
    }
}
