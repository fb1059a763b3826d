package org.envelopejca.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "alias", mixinStandardHelpOptions = true,
        description = "Create, move or delete an alias of the KMS KeyStore (deleting an alias never deletes a key).",
        subcommands = {AliasCreateCommand.class, AliasUpdateCommand.class, AliasDeleteCommand.class})
final class AliasCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EnvelopeCli.USAGE;
    }
}
