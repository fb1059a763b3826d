package org.envelopejca.cli;

import org.envelopejca.kms.Kms;
import picocli.CommandLine.Command;

@Command(name = "enable", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Enable a disabled key.")
final class KeyEnableCommand extends KeyActionCommand {

    @Override
    String act(Kms kms, String arn) throws Exception {
        kms.enableKey(arn);
        return "enabled";
    }
}
