package org.envelopejca.cli;

import java.io.PrintWriter;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.Kms;
import picocli.CommandLine.Parameters;

/** A command that does one thing to one key, then shows the key as it is afterwards. */
abstract class KeyActionCommand extends KmsCommand {

    @Parameters(index = "0", paramLabel = "KEY", description = "alias/NAME (or NAME), key ID, key ARN or alias ARN.")
    String key;

    @Override
    final void run(KmsSession session, PrintWriter out) throws Exception {
        Kms kms = session.kms();
        KeyMetadata target = kms.describeKey(session.keyId(key));
        String done = act(kms, target.arn());
        KeyDetails details = KeyDetails.load(session, target.arn());
        if (json) {
            JsonOutput.print(out, details.toJson());
        } else {
            out.println(target.arn() + ": " + done);
            details.print(out);
        }
    }

    /** Does the work on the key named by its ARN; returns what was done, in the past tense. */
    abstract String act(Kms kms, String arn) throws Exception;
}
