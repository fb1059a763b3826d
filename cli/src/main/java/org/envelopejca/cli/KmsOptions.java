package org.envelopejca.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where KMS keys come from: the KMS KeyStore's configuration (none: the embedded KMS in $ENVELOPE_HOME, default
 * ~/.envelope) and how to unlock a password-protected embedded KMS. A password is never taken on the command line,
 * where other users could read it in the process list.
 */
final class KmsOptions {

    /** Environment variable holding the password of a password-protected embedded KMS. */
    static final String PASSWORD_VARIABLE = "ENVELOPE_PASSWORD";

    @Option(names = "--keystore", paramLabel = "FILE", order = 30,
            description = "KMS KeyStore configuration (a properties file: kms, local.path, alias.NAME, ...). "
                    + "Default: the embedded KMS in $ENVELOPE_HOME, or ~/.envelope.")
    Path keystore;

    @Option(names = "--password-file", paramLabel = "FILE", order = 31,
            description = "File whose first line is the password of a password-protected embedded KMS "
                    + "(default: the environment variable " + PASSWORD_VARIABLE + ", else no password).")
    Path passwordFile;

    @Option(names = "--accept-rollback", order = 32,
            description = "Open the embedded KMS even though its store file is older than its audit log records "
                    + "(a backup restored on purpose); the acceptance is recorded in the audit log.")
    boolean acceptRollback;
}
