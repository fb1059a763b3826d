package org.envelopejca.cli;

import java.util.regex.Pattern;

/**
 * How a KMS key is named on the command line: a key ID, a key ARN, an alias ARN, {@code alias/NAME}, or a bare
 * {@code NAME} that means {@code alias/NAME} (as in the KMS KeyStore).
 */
final class KeyReference {

    static final String ALIAS_PREFIX = "alias/";
    private static final Pattern KEY_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32}");
    /** AWS KMS alias names (CreateAlias): the prefix, then 1 to 250 of these characters; {@code alias/aws/} is AWS's. */
    private static final Pattern ALIAS_NAME = Pattern.compile("alias/[a-zA-Z0-9:/_-]{1,250}");

    private KeyReference() {
    }

    /** The reference as the KMS takes it: bare names get the {@code alias/} prefix. */
    static String normalize(String reference) throws UsageException {
        String r = reference == null ? "" : reference.strip();
        if (r.isEmpty()) {
            throw new UsageException("empty key reference");
        }
        if (r.startsWith("arn:") || KEY_ID.matcher(r).matches() || r.startsWith(ALIAS_PREFIX)) {
            return r;
        }
        return ALIAS_PREFIX + r;
    }

    /** Whether the normalized reference names an alias (by name, not by ARN). */
    static boolean isAliasName(String normalized) {
        return normalized.startsWith(ALIAS_PREFIX);
    }

    /**
     * An alias name to create, checked before anything is created (a KMS key must not be made for an alias that
     * cannot exist).
     */
    static String aliasToCreate(String alias) throws UsageException {
        String name = normalize(alias);
        if (!isAliasName(name) || !ALIAS_NAME.matcher(name).matches()) {
            throw new UsageException("not a valid alias name: " + alias + " (alias/ followed by 1 to 250 of "
                    + "letters, digits, ':', '/', '_', '-')");
        }
        if (name.startsWith("alias/aws/")) {
            throw new UsageException("alias names beginning with alias/aws/ are reserved: " + alias);
        }
        return name;
    }
}
