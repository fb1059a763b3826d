package org.envelopejca.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.security.KeyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "untrust", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Remove a trusted certificate entry. Refused (exit code 2, nothing changed) for an alias that "
                + "is not a trusted certificate entry: the alias of a KMS key is removed with the alias commands.")
final class CertUntrustCommand extends KmsCommand {
    @Option(names = "--alias", required = true, paramLabel = "ALIAS", order = 1,
            description = "The trusted entry's alias (alias/NAME or NAME).")
    String alias;

    @Override
    void run(KmsSession session, PrintWriter text) throws Exception {
        String name = KeyReference.normalize(alias);
        if (!KeyReference.isAliasName(name)) {
            throw new UsageException("--alias is alias/NAME or NAME: " + alias);
        }
        KeyStore store = session.keyStore();
        if (!store.isCertificateEntry(name)) {
            throw new UsageException(name + " is not a trusted certificate entry"
                    + (store.isKeyEntry(name) ? " (it is the alias of a KMS key; nothing removed)" : ""));
        }
        store.deleteEntry(name);
        store.store(OutputStream.nullOutputStream(), null);
        if (json) {
            JsonOutput.print(text, JsonOutput.object().put("alias", name).put("removed", true));
        } else {
            text.println("removed the trusted certificate entry " + name);
        }
    }
}
