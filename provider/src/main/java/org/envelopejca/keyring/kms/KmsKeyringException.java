package org.envelopejca.keyring.kms;

import java.util.List;
import java.util.stream.Collectors;
import org.envelopejca.keyring.KeyringException;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.UntrustedText;

/**
 * A KMS keyring failed. When KMS calls failed, {@link #kmsErrors()} holds every one of them (error code and key ARN
 * each) and the first is also the {@linkplain #getCause() cause}, so that callers which only follow the cause chain
 * still reach a {@link KmsException}; the others are suppressed exceptions.
 */
public final class KmsKeyringException extends KeyringException {
    private static final long serialVersionUID = 1L;

    private final transient List<KmsException> kmsErrors;

    public KmsKeyringException(String message, List<KmsException> kmsErrors) {
        super(message + describe(kmsErrors), kmsErrors.isEmpty() ? null : kmsErrors.get(0));
        this.kmsErrors = List.copyOf(kmsErrors);
        for (int i = 1; i < this.kmsErrors.size(); i++) {
            addSuppressed(this.kmsErrors.get(i));
        }
    }

    /** The KMS failures, in the order they happened (may be empty when the failure was a check of ours). */
    public List<KmsException> kmsErrors() {
        return kmsErrors == null ? List.of() : kmsErrors;
    }

    private static String describe(List<KmsException> errors) {
        if (errors.isEmpty()) {
            return "";
        }
        // One error per EDK tried (up to 65 535 in discovery): the first few, key ARNs quoted.
        return errors.stream().limit(DecryptAttempts.SHOWN)
                .map(e -> e.code().awsName() + (e.keyArn() == null ? "" : " for " + UntrustedText.quote(e.keyArn())))
                .collect(Collectors.joining(", ", " (KMS errors: ",
                        errors.size() > DecryptAttempts.SHOWN ? ", ... " + (errors.size() - DecryptAttempts.SHOWN) + " more)" : ")"));
    }
}
