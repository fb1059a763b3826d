package org.envelopejca.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "describe", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show a key: IDs, aliases, state, spec, rotation, key versions.")
final class KeyDescribeCommand extends KmsCommand {

    @Parameters(index = "0", paramLabel = "KEY", description = "alias/NAME (or NAME), key ID, key ARN or alias ARN.")
    String key;

    @Override
    void run(KmsSession session, PrintWriter out) throws Exception {
        KeyDetails details = KeyDetails.load(session, session.keyId(key));
        if (json) {
            JsonOutput.print(out, details.toJson());
        } else {
            details.print(out);
        }
    }
}
