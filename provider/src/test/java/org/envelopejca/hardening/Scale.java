package org.envelopejca.hardening;

/**
 * How big the hardening tests run: small by default (part of every build), scaled up by the {@code stress} Maven
 * profile through system properties.
 */
public final class Scale {
    private Scale() {
    }

    /** The long system property {@code name}, or {@code fallback} when unset. */
    public static long of(String name, long fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : Long.parseLong(value.trim());
    }

    public static int intOf(String name, int fallback) {
        return Math.toIntExact(of(name, fallback));
    }
}
