package org.envelopejca.server;

import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;

/**
 * An error as the endpoint answers it: the KMS error name ({@code __type}), the HTTP status and a message that
 * names identifiers at most, never key material or plaintext.
 */
final class WireError extends Exception {
    private static final long serialVersionUID = 1L;

    static final String UNRECOGNIZED_CLIENT = "UnrecognizedClientException";
    static final String INVALID_SIGNATURE = "InvalidSignatureException";
    static final String MISSING_AUTHENTICATION_TOKEN = "MissingAuthenticationTokenException";
    static final String INCOMPLETE_SIGNATURE = "IncompleteSignatureException";
    static final String SERIALIZATION = "SerializationException";
    static final String UNKNOWN_OPERATION = "UnknownOperationException";

    private final String type;
    private final int status;
    private final boolean fromEngine;
    private String keyId;

    WireError(String type, int status, String message) {
        this(type, status, message, false);
    }

    private WireError(String type, int status, String message, boolean fromEngine) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.fromEngine = fromEngine;
    }

    static WireError client(String type, String message) {
        return new WireError(type, 400, message);
    }

    static WireError of(KmsErrorCode code, String message) {
        return new WireError(code.awsName(), code.clientFault() ? 400 : 500, message);
    }

    /**
     * A failure of the engine, with the message the engine gave minus what {@link KmsException} adds around it (the
     * {@code Name: } prefix and the {@code (key ARN)} suffix): the wire message reads as KMS's own.
     */
    static WireError of(KmsException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String prefix = e.code().awsName() + ": ";
        if (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        String suffix = e.keyArn() == null ? null : " (key " + e.keyArn() + ")";
        if (suffix != null && message.endsWith(suffix) && message.length() > suffix.length()) {
            message = message.substring(0, message.length() - suffix.length());
        }
        return new WireError(e.code().awsName(), e.code().clientFault() ? 400 : 500, message, true);
    }

    String type() {
        return type;
    }

    int status() {
        return status;
    }

    /** The key or alias a denial concerns, for the audit log. */
    WireError withKeyId(String keyId) {
        this.keyId = keyId;
        return this;
    }

    String keyId() {
        return keyId;
    }

    /** Whether the engine raised it (and so has audited it already). */
    boolean fromEngine() {
        return fromEngine;
    }
}
