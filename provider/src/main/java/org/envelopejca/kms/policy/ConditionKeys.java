package org.envelopejca.kms.policy;

import java.util.Locale;
import java.util.Set;

/**
 * The condition keys this engine supplies, the ones KMS documents that apply to it (KMS Developer Guide, "AWS KMS
 * condition keys"; IAM User Guide, "AWS global condition context keys"). A policy naming any other key is refused
 * when it is put, never accepted and then silently unmatched. Key names are case-insensitive (IAM User Guide,
 * "Condition element": "Condition key names are not case-sensitive"); they are kept lower-cased.
 */
public final class ConditionKeys {
    public static final String ENCRYPTION_CONTEXT_PREFIX = "kms:encryptioncontext:";
    public static final String ENCRYPTION_CONTEXT_KEYS = "kms:encryptioncontextkeys";
    public static final String CALLER_ACCOUNT = "kms:calleraccount";
    public static final String GRANT_OPERATIONS = "kms:grantoperations";
    public static final String GRANT_IS_FOR_AWS_RESOURCE = "kms:grantisforawsresource";
    public static final String GRANTEE_PRINCIPAL = "kms:granteeprincipal";
    public static final String RETIRING_PRINCIPAL = "kms:retiringprincipal";
    public static final String KEY_SPEC = "kms:keyspec";
    public static final String KEY_USAGE = "kms:keyusage";
    public static final String REQUEST_ALIAS = "kms:requestalias";
    public static final String RESOURCE_ALIASES = "kms:resourcealiases";
    public static final String PRINCIPAL_ARN = "aws:principalarn";
    public static final String USERNAME = "aws:username";
    public static final String CURRENT_TIME = "aws:currenttime";
    public static final String SECURE_TRANSPORT = "aws:securetransport";

    private static final Set<String> FIXED = Set.of(ENCRYPTION_CONTEXT_KEYS, CALLER_ACCOUNT, GRANT_OPERATIONS,
            GRANT_IS_FOR_AWS_RESOURCE, GRANTEE_PRINCIPAL, RETIRING_PRINCIPAL, KEY_SPEC, KEY_USAGE, REQUEST_ALIAS,
            RESOURCE_ALIASES, PRINCIPAL_ARN, USERNAME, CURRENT_TIME, SECURE_TRANSPORT);

    private ConditionKeys() {
    }

    /** The canonical (lower-cased) name of a supported key, or null when the key is not one this engine supplies. */
    static String canonical(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (FIXED.contains(lower)) {
            return lower;
        }
        // kms:EncryptionContext:context-key: the context key is any non-empty string
        if (lower.startsWith(ENCRYPTION_CONTEXT_PREFIX) && lower.length() > ENCRYPTION_CONTEXT_PREFIX.length()) {
            return lower;
        }
        return null;
    }

    /** The request-context name of one encryption context pair's key. */
    public static String encryptionContext(String contextKey) {
        return ENCRYPTION_CONTEXT_PREFIX + contextKey.toLowerCase(Locale.ROOT);
    }
}
