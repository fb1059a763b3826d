package org.envelopejca.cli;

import org.envelopejca.kms.Kms;
import picocli.CommandLine.Command;

@Command(name = "disable", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Disable the key: it neither encrypts nor decrypts until it is enabled again.")
final class KeyDisableCommand extends KeyActionCommand {

    @Override
    String act(Kms kms, String arn) throws Exception {
        kms.disableKey(arn);
        return "disabled";
    }
}
