package org.envelopejca.keystore;

/** KeyStore alias names are KMS alias names: {@code alias/NAME}; a bare {@code NAME} means the same alias. */
final class AliasNames {
    static final String PREFIX = "alias/";

    private AliasNames() {
    }

    static String normalize(String alias) {
        if (alias == null || alias.isBlank()) {
            throw new IllegalArgumentException("empty alias");
        }
        String a = alias.trim();
        return a.startsWith(PREFIX) ? a : PREFIX + a;
    }

    /** KMS alias name rules (CreateAlias): {@code alias/} + 1..250 of [a-zA-Z0-9:/_-], never {@code alias/aws/}. */
    static boolean isValid(String aliasName) {
        return aliasName.length() <= 256 && aliasName.matches("alias/[a-zA-Z0-9:/_-]+") && !aliasName.startsWith("alias/aws/");
    }

    /** Key IDs, key ARNs and alias ARNs are passed to the engine as they are; everything else is an alias name. */
    static boolean isKeyReference(String name) {
        return name.startsWith("arn:") || name.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
                || name.matches("mrk-[0-9a-fA-F]{32}");
    }
}
