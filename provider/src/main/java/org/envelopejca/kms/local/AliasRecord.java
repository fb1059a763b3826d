package org.envelopejca.kms.local;

import java.time.Instant;
import java.util.Objects;

/** A stored alias: its full name ({@code alias/…}), the key ID it points to, and when it was made and last moved. */
record AliasRecord(String aliasName, String targetKeyId, Instant creationDate, Instant lastUpdatedDate) {
    AliasRecord {
        Objects.requireNonNull(aliasName, "aliasName");
        Objects.requireNonNull(targetKeyId, "targetKeyId");
        Objects.requireNonNull(creationDate, "creationDate");
        Objects.requireNonNull(lastUpdatedDate, "lastUpdatedDate");
    }
}
