package org.envelopejca.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Delete an alias. The key it named is not affected.")
final class AliasDeleteCommand extends KmsCommand {

    @Parameters(index = "0", paramLabel = "ALIAS", description = "alias/NAME or NAME.")
    String alias;

    @Override
    void run(KmsSession session, PrintWriter out) throws Exception {
        String name = KeyReference.normalize(alias);
        if (!KeyReference.isAliasName(name)) {
            throw new UsageException("not an alias name: " + alias);
        }
        if (session.isStaticAlias(name)) {
            throw new UsageException(name + " is a static alias of the KeyStore configuration; change it there");
        }
        if (!session.keyStore().containsAlias(name)) {
            throw new UsageException("no alias " + name + " in " + session.where());
        }
        session.keyStore().deleteEntry(name);
        if (json) {
            ObjectNode o = JsonOutput.object();
            o.put("deleted", name);
            JsonOutput.print(out, o);
        } else {
            out.println("deleted alias " + name);
        }
    }
}
