package org.envelopejca.keyring.kms;

import java.util.Objects;
import java.util.Set;

/**
 * Restricts a discovery keyring to the keys of some accounts in one partition. Spec:
 * framework/aws-kms/aws-kms-discovery-keyring.md (discovery filter).
 *
 * @param partition  e.g. {@code aws}
 * @param accountIds the accounts whose keys may be used (at least one)
 */
public record DiscoveryFilter(String partition, Set<String> accountIds) {
    public DiscoveryFilter {
        Objects.requireNonNull(partition, "partition");
        accountIds = Set.copyOf(accountIds);
        if (partition.isEmpty()) {
            throw new IllegalArgumentException("discovery filter partition must not be empty");
        }
        if (accountIds.isEmpty() || accountIds.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("discovery filter needs at least one non-empty account ID");
        }
    }

    public boolean accepts(KmsArn arn) {
        return partition.equals(arn.partition()) && accountIds.contains(arn.account());
    }
}
