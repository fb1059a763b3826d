package org.envelopejca.cli;

import picocli.CommandLine.Command;

@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create an alias for a key.")
final class AliasCreateCommand extends AliasChangeCommand {

    @Override
    boolean mustExist() {
        return false;
    }
}
