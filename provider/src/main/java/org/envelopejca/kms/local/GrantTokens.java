package org.envelopejca.kms.local;

import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * This engine's grant tokens: {@code EnvGT1} and the base64url of the grant ID's 32 bytes and 16 random bytes, so
 * that every CreateGrant returns a new token (as KMS does) and a token names its grant. Grants here take effect at
 * once, so a token only has to be one of ours (KMS: InvalidGrantTokenException otherwise); it is not a secret and
 * gives no permission of its own. A call takes at most 10 (KMS API Reference, GrantTokens).
 */
final class GrantTokens {
    static final int MAX_PER_CALL = 10;
    private static final String PREFIX = "EnvGT1";
    private static final int MAX_LENGTH = 8192;

    private GrantTokens() {
    }

    static String issue(String grantId) {
        byte[] id = HexFormat.of().parseHex(grantId);
        byte[] token = new byte[id.length + 16];
        System.arraycopy(id, 0, token, 0, id.length);
        System.arraycopy(RootKeys.randomBytes(16), 0, token, id.length, 16);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** The grant ID a token names, or empty when it is not one of this engine's tokens. */
    static Optional<String> grantId(String token) {
        if (token == null || token.length() > MAX_LENGTH || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (raw.length != 48) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().formatHex(raw, 0, 32));
    }

    /** Checks a call's GrantTokens: at most 10, each one of ours. */
    static void check(List<String> tokens) throws KmsException {
        if (tokens.size() > MAX_PER_CALL) {
            throw new KmsException(KmsErrorCode.VALIDATION, "GrantTokens takes at most " + MAX_PER_CALL + " tokens",
                    null);
        }
        for (String t : tokens) {
            if (grantId(t).isEmpty()) {
                throw new KmsException(KmsErrorCode.INVALID_GRANT_TOKEN, "The grant token is not valid", null);
            }
        }
    }
}
