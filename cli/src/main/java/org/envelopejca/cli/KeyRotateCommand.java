package org.envelopejca.cli;

import org.envelopejca.kms.Kms;
import picocli.CommandLine.Command;

@Command(name = "rotate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Rotate the key's material now (on demand; at most 25 times a key). Messages encrypted before still decrypt.")
final class KeyRotateCommand extends KeyActionCommand {

    @Override
    String act(Kms kms, String arn) throws Exception {
        kms.rotateKeyOnDemand(arn);
        return "rotated";
    }
}
