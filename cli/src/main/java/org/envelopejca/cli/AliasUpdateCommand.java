package org.envelopejca.cli;

import picocli.CommandLine.Command;

@Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Point an existing alias at another key (of the same kind: symmetric or RSA).")
final class AliasUpdateCommand extends AliasChangeCommand {

    @Override
    boolean mustExist() {
        return true;
    }
}
