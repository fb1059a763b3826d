package org.envelopejca.cli;

import org.envelopejca.kms.Kms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "schedule-deletion", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Schedule the key's deletion after a waiting period. Until then the key is PendingDeletion: "
                + "unusable, but the deletion can be cancelled. Afterwards every message whose only encrypted data "
                + "key is under this key can never be decrypted again."})
final class KeyScheduleDeletionCommand extends KeyActionCommand {

    @Option(names = "--days", paramLabel = "DAYS", defaultValue = "30", order = 1,
            description = "Waiting period, 7..30 days (default: ${DEFAULT-VALUE}).")
    int days;

    @Override
    void check() throws UsageException {
        if (days < 7 || days > 30) {
            throw new UsageException("--days must be in 7..30");
        }
    }

    @Override
    String act(Kms kms, String arn) throws Exception {
        return "deletion scheduled for " + kms.scheduleKeyDeletion(arn, days);
    }
}
