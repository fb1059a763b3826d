package org.envelopejca.cipher;

import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import org.envelopejca.DataKeyUnavailableException;
import org.envelopejca.KmsOperationException;
import org.envelopejca.MalformedMessageException;
import org.envelopejca.keyring.kms.KmsKeyringException;
import org.envelopejca.kms.KmsException;
import org.envelopejca.message.DataKeyException;
import org.envelopejca.message.MessageAuthenticationException;
import org.envelopejca.message.MessageException;
import org.envelopejca.message.MessageFormatException;

/**
 * The JCA exceptions of the provider's readers (the Cipher and the range decryptor) for failures of the message
 * layer, per the exception table of the design. Internal to the provider: public only for its own packages.
 */
public final class JcaExceptions {
    private JcaExceptions() {
    }

    /**
     * A KMS failure that is not the message's fault (access denied, disabled key, throttling, unavailable) as the
     * provider's {@link KmsOperationException}; null when the cause chain holds none.
     */
    public static KmsOperationException kmsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            List<KmsException> errors = t instanceof KmsKeyringException k ? k.kmsErrors()
                    : t instanceof KmsException k ? List.of(k) : List.of();
            for (KmsException k : errors) {
                switch (k.code()) {
                    case INVALID_CIPHERTEXT, INCORRECT_KEY, NOT_FOUND, INVALID_KEY_USAGE -> {
                        // The message's keys are not ours or not usable this way: a verdict on the message.
                    }
                    default -> {
                        return new KmsOperationException(k.getMessage(), k.code(), k.keyArn(), e);
                    }
                }
            }
        }
        return null;
    }

    /**
     * A message-layer failure as the JCA exception {@code doFinal} throws (the exception table of the design); a KMS failure that
     * is not the message's fault is thrown as {@link KmsOperationException} instead.
     */
    public static BadPaddingException toJca(MessageException e) {
        if (e instanceof DataKeyException) {
            KmsOperationException kms = kmsFailure(e);
            if (kms != null) {
                throw kms;
            }
        }
        BadPaddingException jca;
        if (e instanceof MessageFormatException) {
            jca = new MalformedMessageException(e.getMessage());
        } else if (e instanceof DataKeyException d) {
            jca = new DataKeyUnavailableException(d.getMessage(), d.keysTried());
        } else if (e instanceof MessageAuthenticationException) {
            jca = new AEADBadTagException(e.getMessage());
        } else {
            jca = new BadPaddingException(e.getMessage());
        }
        jca.initCause(e);
        return jca;
    }
}
