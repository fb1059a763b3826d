package org.envelopejca.cli;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/** Input through the Cipher to the output, committing the output only after {@code doFinal} succeeded. */
final class Transfer {

    private Transfer() {
    }

    static void run(String task, Cipher cipher, Input input, Output output, Boolean progressRequested)
            throws IOException, GeneralSecurityException {
        try (InputStream in = input.open();
             Output.Sink sink = output.open();
             Progress progress = Progress.start(task, progressRequested, input.size(), System.err)) {
            CipherPump.run(cipher, in, sink.stream(), progress);
            sink.commit();
        }
    }
}
