package org.envelopejca.cli;

import org.envelopejca.kms.Kms;
import picocli.CommandLine.Command;

@Command(name = "cancel-deletion", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Cancel a scheduled deletion; the key is then Disabled (enable it to use it).")
final class KeyCancelDeletionCommand extends KeyActionCommand {

    @Override
    String act(Kms kms, String arn) throws Exception {
        kms.cancelKeyDeletion(arn);
        return "deletion cancelled";
    }
}
