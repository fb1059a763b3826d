package org.envelopejca.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import org.envelopejca.keystore.KmsKey;
import picocli.CommandLine.Parameters;

/**
 * Points an alias at a key through the KMS KeyStore ({@code setKeyEntry}: CreateAlias for a new alias, UpdateAlias
 * for an existing one).
 */
abstract class AliasChangeCommand extends KmsCommand {

    @Parameters(index = "0", paramLabel = "ALIAS", description = "alias/NAME or NAME.")
    String alias;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key: key ID, key ARN, or another alias.")
    String key;

    /** Whether the alias must exist already (update) or must not (create). */
    abstract boolean mustExist();

    @Override
    void check() throws UsageException {
        KeyReference.aliasToCreate(alias);
    }

    @Override
    final void run(KmsSession session, PrintWriter out) throws Exception {
        String name = KeyReference.aliasToCreate(alias);
        if (session.isStaticAlias(name)) {
            throw new UsageException(name + " is a static alias of the KeyStore configuration; change it there");
        }
        boolean exists = session.keyStore().containsAlias(name);
        if (exists != mustExist()) {
            throw new UsageException(exists ? "alias " + name + " already exists (envelope keys alias update moves it)"
                    : "no alias " + name + " in " + session.where());
        }
        KmsKey target = session.key(key);
        if (target.keyArns().size() != 1) {
            throw new UsageException(key + " names " + target.keyArns().size() + " keys; an alias names one");
        }
        session.keyStore().setKeyEntry(name, target, null, null);
        String arn = target.keyArns().get(0);
        if (json) {
            ObjectNode o = JsonOutput.object();
            o.put("alias", name);
            o.put("arn", arn);
            JsonOutput.print(out, o);
        } else {
            out.println((mustExist() ? "moved alias " : "created alias ") + name + " -> " + arn);
        }
    }
}
