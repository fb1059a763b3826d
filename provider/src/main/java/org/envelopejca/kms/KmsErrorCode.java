package org.envelopejca.kms;

/**
 * Error kinds, named as the AWS KMS API names its exceptions (service model: kms/2014-11-01). The wire name is
 * {@link #awsName()}; {@link #clientFault()} tells a 400 from a 500.
 */
public enum KmsErrorCode {
    NOT_FOUND("NotFoundException", true),
    DISABLED("DisabledException", true),
    INVALID_STATE("KMSInvalidStateException", true),
    INVALID_CIPHERTEXT("InvalidCiphertextException", true),
    INCORRECT_KEY("IncorrectKeyException", true),
    INVALID_KEY_USAGE("InvalidKeyUsageException", true),
    /** Verify: the signature does not match the message and key. */
    INVALID_SIGNATURE("KMSInvalidSignatureException", true),
    ALREADY_EXISTS("AlreadyExistsException", true),
    VALIDATION("ValidationException", true),
    INVALID_ARN("InvalidArnException", true),
    INVALID_ALIAS_NAME("InvalidAliasNameException", true),
    INVALID_MARKER("InvalidMarkerException", true),
    ACCESS_DENIED("AccessDeniedException", true),
    MALFORMED_POLICY_DOCUMENT("MalformedPolicyDocumentException", true),
    INVALID_GRANT_TOKEN("InvalidGrantTokenException", true),
    INVALID_GRANT_ID("InvalidGrantIdException", true),
    THROTTLING("ThrottlingException", true),
    LIMIT_EXCEEDED("LimitExceededException", true),
    UNSUPPORTED_OPERATION("UnsupportedOperationException", true),
    INTERNAL("KMSInternalException", false),
    DEPENDENCY_TIMEOUT("DependencyTimeoutException", false),
    /** The engine could not be reached at all (network, endpoint down). */
    UNAVAILABLE("ServiceUnavailableException", false);

    private final String awsName;
    private final boolean clientFault;

    KmsErrorCode(String awsName, boolean clientFault) {
        this.awsName = awsName;
        this.clientFault = clientFault;
    }

    public String awsName() {
        return awsName;
    }

    public boolean clientFault() {
        return clientFault;
    }

    /** The code for a wire name such as {@code NotFoundException}; {@link #INTERNAL} when unknown. */
    public static KmsErrorCode fromAwsName(String name) {
        for (KmsErrorCode c : values()) {
            if (c.awsName.equals(name)) {
                return c;
            }
        }
        return INTERNAL;
    }
}
