package org.envelopejca.kms.local;

import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/** KMS identifiers: key and alias ARNs, new key IDs, and the alias name rules. */
final class Identifiers {
    static final String ALIAS_PREFIX = "alias/";
    /** KMS CreateAlias: {@code alias/} + [a-zA-Z0-9:/_-], 1..256 characters in all; {@code alias/aws/} is reserved. */
    private static final Pattern ALIAS_NAME = Pattern.compile("alias/[a-zA-Z0-9:/_-]+");
    static final int MAX_ALIAS_NAME = 256;
    static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
            + "|mrk-[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String region;
    private final String account;

    Identifiers(String region, String account) {
        this.region = region;
        this.account = account;
    }

    String keyArn(String keyId) {
        return "arn:aws:kms:" + region + ":" + account + ":key/" + keyId;
    }

    String aliasArn(String aliasName) {
        return "arn:aws:kms:" + region + ":" + account + ":" + aliasName;
    }

    /**
     * The resource part ({@code key/…} or {@code alias/…}) of a KMS ARN of this region and account; null when the
     * ARN is malformed or names another region or account (KMS then answers NotFoundException).
     */
    String resourceOf(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[1].equals("aws") || !parts[2].equals("kms")
                || !parts[3].equals(region) || !parts[4].equals(account)) {
            return null;
        }
        return parts[5];
    }

    /** KMS CreateKey: a UUID, or for a multi-Region key {@code mrk-} and 32 lowercase hex digits. */
    static String newKeyId(boolean multiRegion) {
        if (!multiRegion) {
            return UUID.randomUUID().toString();
        }
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return "mrk-" + HexFormat.of().formatHex(random);
    }

    /** KMS CreateAlias/UpdateAlias/DeleteAlias name rules; InvalidAliasNameException when broken. */
    static void checkAliasName(String aliasName) throws KmsException {
        if (aliasName == null || aliasName.isEmpty()) {
            throw new KmsException(KmsErrorCode.VALIDATION, "AliasName is required", null);
        }
        if (aliasName.length() > MAX_ALIAS_NAME || !ALIAS_NAME.matcher(aliasName).matches()) {
            throw new KmsException(KmsErrorCode.INVALID_ALIAS_NAME, "Alias must start with the prefix \"alias/\" "
                    + "followed by 1 or more of [a-zA-Z0-9:/_-], at most " + MAX_ALIAS_NAME + " characters", null);
        }
        if (aliasName.startsWith("alias/aws/")) {
            throw new KmsException(KmsErrorCode.INVALID_ALIAS_NAME,
                    "Alias names starting with alias/aws/ are reserved for AWS managed keys", null);
        }
    }
}
