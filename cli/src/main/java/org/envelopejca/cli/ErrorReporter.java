package org.envelopejca.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import javax.crypto.IllegalBlockSizeException;
import org.envelopejca.EnvelopeDecryptionException;
import org.envelopejca.KmsOperationException;
import org.envelopejca.MalformedMessageException;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.UntrustedText;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and an exit code; stack traces only with {@code --verbose}.
 * Messages come from exceptions that by the provider's contract never carry key material or plaintext.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name + " --help')");
        cmd.getErr().flush();
        return EnvelopeCli.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        Failure failure = classify(ex);
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + failure.message());
        if (verbose(parseResult)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return failure.exitCode();
    }

    private record Failure(int exitCode, String message) {
    }

    static Failure classify(Exception ex) {
        Throwable cause = ex instanceof EnvelopeDecryptionException && ex.getCause() != null ? ex.getCause() : ex;
        if (cause instanceof UsageException) {
            return new Failure(EnvelopeCli.USAGE, oneLine(cause.getMessage()));
        }
        if (cause instanceof VerifyCommand.InvalidSignature) {
            // a verdict on the input, like a message that does not decrypt
            return new Failure(EnvelopeCli.DECRYPTION_FAILED, cause.getMessage());
        }
        if (cause instanceof KmsOperationException) {
            return new Failure(EnvelopeCli.KMS_FAILED, "KMS: " + describe(cause));
        }
        KmsException kms = kmsException(cause);
        if (kms != null) {
            return new Failure(USAGE_ERRORS.contains(kms.code()) ? EnvelopeCli.USAGE : EnvelopeCli.KMS_FAILED,
                    "KMS: " + describe(kms));
        }
        if (cause instanceof MalformedMessageException) {
            return new Failure(EnvelopeCli.DECRYPTION_FAILED, "not a valid message: " + describe(cause));
        }
        if (cause instanceof AEADBadTagException || cause instanceof BadPaddingException
                || cause instanceof IllegalBlockSizeException) {
            return new Failure(EnvelopeCli.DECRYPTION_FAILED, "decryption failed: " + describe(cause));
        }
        if (cause instanceof InvalidKeyException || cause instanceof InvalidAlgorithmParameterException
                || cause instanceof IllegalArgumentException) {
            return new Failure(EnvelopeCli.USAGE, describe(cause));
        }
        if (cause instanceof NoSuchFileException e) {
            return new Failure(EnvelopeCli.IO_ERROR, "no such file or directory: " + e.getFile());
        }
        if (cause instanceof AccessDeniedException e) {
            return new Failure(EnvelopeCli.IO_ERROR, "permission denied: " + e.getFile());
        }
        if (cause instanceof FileSystemException || cause instanceof IOException) {
            return new Failure(EnvelopeCli.IO_ERROR, "input/output error: " + describe(cause));
        }
        if (cause instanceof GeneralSecurityException) {
            return new Failure(EnvelopeCli.IO_ERROR, "cryptographic error: " + describe(cause));
        }
        return new Failure(EnvelopeCli.IO_ERROR, "internal error: " + cause.getClass().getName() + ": "
                + describe(cause));
    }

    /** KMS answers that say the command named something that is not there or not valid. */
    private static final java.util.Set<KmsErrorCode> USAGE_ERRORS = java.util.EnumSet.of(KmsErrorCode.NOT_FOUND,
            KmsErrorCode.VALIDATION, KmsErrorCode.INVALID_ARN, KmsErrorCode.INVALID_ALIAS_NAME,
            KmsErrorCode.ALREADY_EXISTS, KmsErrorCode.UNSUPPORTED_OPERATION, KmsErrorCode.INVALID_KEY_USAGE);

    /** A KMS failure behind a key-management call (directly, or as the cause of a KeyStore exception). */
    private static KmsException kmsException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof KmsException k) {
                return k;
            }
            if (c instanceof AEADBadTagException || c instanceof BadPaddingException) {
                return null;
            }
        }
        return null;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : oneLine(m);
    }

    static String oneLine(String s) {
        // Messages may quote a hostile message's fields: no control character (ESC, BEL, ...) reaches the terminal.
        return s == null ? "" : UntrustedText.escapeControls(s.strip().replaceAll("\\s*\\R\\s*", "; "));
    }

    private static boolean verbose(ParseResult parseResult) {
        for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
            if (pr.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
