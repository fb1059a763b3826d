package org.envelopejca.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import javax.crypto.SecretKey;
import org.envelopejca.WrappingKey;
import picocli.CommandLine.Option;

/** The wrapping key of {@code encrypt} and {@code decrypt}: a raw AES key file and the names it goes by. */
final class KeyOptions {

    @Option(names = "--key-file", required = true, paramLabel = "FILE", order = 1,
            description = "Raw AES key: a file of exactly 16, 24 or 32 bytes.")
    Path keyFile;

    @Option(names = "--key-namespace", paramLabel = "NAMESPACE", order = 2,
            defaultValue = WrappingKey.DEFAULT_NAMESPACE,
            description = "Key namespace recorded in the message (ESDK provider ID; default: ${DEFAULT-VALUE}). "
                    + "Decryption must use the writer's.")
    String keyNamespace;

    @Option(names = "--key-name", paramLabel = "NAME", order = 3,
            defaultValue = WrappingKey.DEFAULT_NAME,
            description = "Key name recorded in the message (default: ${DEFAULT-VALUE}). "
                    + "Decryption must use the writer's.")
    String keyName;

    /** Reads the key file, warning (on {@code err}) when other users can read it. */
    SecretKey load(String command, PrintWriter err) throws UsageException, IOException {
        SecretKey k = RawKeyFile.read(keyFile);
        if (RawKeyFile.readableByOthers(keyFile)) {
            err.println(command + ": warning: key file " + keyFile + " is readable by other users");
            err.flush();
        }
        return k;
    }
}
