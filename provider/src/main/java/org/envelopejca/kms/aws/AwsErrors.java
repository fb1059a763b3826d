package org.envelopejca.kms.aws;

import java.util.Map;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** SDK exceptions as the provider's {@link KmsException}: the KMS error code and the key the call named. */
final class AwsErrors {
    /**
     * Error names outside the KMS service model that AWS answers with: authentication failures of the AWS front
     * end and generic HTTP-level faults.
     */
    private static final Map<String, KmsErrorCode> OTHER_NAMES = Map.ofEntries(
            Map.entry("UnrecognizedClientException", KmsErrorCode.ACCESS_DENIED),
            Map.entry("InvalidSignatureException", KmsErrorCode.ACCESS_DENIED),
            Map.entry("MissingAuthenticationTokenException", KmsErrorCode.ACCESS_DENIED),
            Map.entry("IncompleteSignature", KmsErrorCode.ACCESS_DENIED),
            Map.entry("ExpiredTokenException", KmsErrorCode.ACCESS_DENIED),
            Map.entry("InvalidClientTokenId", KmsErrorCode.ACCESS_DENIED),
            Map.entry("SignatureDoesNotMatch", KmsErrorCode.ACCESS_DENIED),
            Map.entry("RequestExpired", KmsErrorCode.ACCESS_DENIED),
            Map.entry("KeyUnavailableException", KmsErrorCode.UNAVAILABLE),
            Map.entry("ServiceUnavailable", KmsErrorCode.UNAVAILABLE),
            Map.entry("ServiceUnavailableException", KmsErrorCode.UNAVAILABLE),
            Map.entry("Throttling", KmsErrorCode.THROTTLING),
            Map.entry("TooManyRequestsException", KmsErrorCode.THROTTLING),
            Map.entry("RequestLimitExceeded", KmsErrorCode.THROTTLING));

    private AwsErrors() {
    }

    /**
     * @param operation the KMS operation, for the message
     * @param keyId     the key (ARN, ID or alias) the call named, or null
     */
    static KmsException map(String operation, String keyId, SdkException e) {
        if (e instanceof AwsServiceException service) {
            AwsErrorDetails details = service.awsErrorDetails();
            String name = details == null ? null : details.errorCode();
            KmsErrorCode code = code(name, service);
            String text = details == null || details.errorMessage() == null ? "" : details.errorMessage();
            String requestId = service.requestId();
            return new KmsException(code, operation + " failed: " + (text.isEmpty() ? "no message" : text)
                    + " (HTTP " + service.statusCode() + (requestId == null ? "" : ", request ID " + requestId) + ")",
                    keyId, e);
        }
        if (e instanceof SdkClientException) {
            // Not an answer from KMS: no connection, a timeout, a broken response.
            return new KmsException(KmsErrorCode.UNAVAILABLE, operation + ": AWS KMS could not be reached: "
                    + e.getMessage(), keyId, e);
        }
        return new KmsException(KmsErrorCode.INTERNAL, operation + " failed: " + e.getMessage(), keyId, e);
    }

    private static KmsErrorCode code(String name, AwsServiceException e) {
        KmsErrorCode other = name == null ? null : OTHER_NAMES.get(name);
        if (other != null) {
            return other;
        }
        KmsErrorCode byName = KmsErrorCode.fromAwsName(name);
        if (byName != KmsErrorCode.INTERNAL || KmsErrorCode.INTERNAL.awsName().equals(name)) {
            return byName;
        }
        // A name we do not know (or none, e.g. an HTML error page from a proxy): judge by the HTTP answer.
        if (e.isThrottlingException()) {
            return KmsErrorCode.THROTTLING;
        }
        return switch (e.statusCode()) {
            case 503 -> KmsErrorCode.UNAVAILABLE;
            case 403 -> KmsErrorCode.ACCESS_DENIED;
            default -> KmsErrorCode.INTERNAL;
        };
    }
}
