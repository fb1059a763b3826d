package org.envelopejca.kms;

import java.util.Objects;

/**
 * CreateGrant's answer.
 *
 * @param grantId    the grant's ID
 * @param grantToken a token naming the grant, usable in the GrantTokens of later calls and in RetireGrant
 */
public record GrantResult(String grantId, String grantToken) {
    public GrantResult {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(grantToken, "grantToken");
    }
}
