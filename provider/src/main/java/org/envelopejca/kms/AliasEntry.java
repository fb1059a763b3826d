package org.envelopejca.kms;

import java.time.Instant;

/**
 * One alias (AWS KMS AliasListEntry).
 *
 * @param aliasName   {@code alias/…}
 * @param aliasArn    {@code arn:aws:kms:REGION:ACCOUNT:alias/…}
 * @param targetKeyId the key ID the alias points to
 * @param creationDate when the alias was created
 */
public record AliasEntry(String aliasName, String aliasArn, String targetKeyId, Instant creationDate) {
}
