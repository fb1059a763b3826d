package org.envelopejca.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Manage the KMS keys (CMKs) and aliases of the KMS KeyStore (default: the embedded KMS in "
                + "$ENVELOPE_HOME, or ~/.envelope).",
        subcommands = {KeyCreateCommand.class, KeyListCommand.class, KeyDescribeCommand.class, KeyRotateCommand.class,
            KeyDisableCommand.class, KeyEnableCommand.class, KeyScheduleDeletionCommand.class,
            KeyCancelDeletionCommand.class, AliasCommand.class, KeyRestoreCommand.class})
final class KeysCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EnvelopeCli.USAGE;
    }
}
