package org.envelopejca.kms.local;

import java.util.Objects;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * S3's bucket owner condition on every request of a client: the request's {@code ExpectedBucketOwner} member (the
 * header {@code x-amz-expected-bucket-owner}) is set to the configured account, and S3 refuses the request (403
 * AccessDenied) when the bucket belongs to any other account. Without it, a bucket that was deleted and re-created
 * under the same name by another account would receive the store copies and audit files, and restores and audit
 * checks would read from it (AWS S3 User Guide, "Verifying bucket ownership with bucket owner condition").
 *
 * <p>The member is set on the modelled request, before marshalling, so the SDK writes and signs the header as if the
 * caller had set it. A request type without that member cannot carry the condition: it is refused here rather than
 * sent without it.
 */
final class ExpectedBucketOwner implements ExecutionInterceptor {
    static final String MEMBER = "ExpectedBucketOwner";

    private final String accountId;

    ExpectedBucketOwner(String accountId) {
        if (!S3Access.isAccountId(Objects.requireNonNull(accountId, "accountId"))) {
            throw new IllegalArgumentException("an expected bucket owner must be a 12-digit AWS account ID");
        }
        this.accountId = accountId;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes executionAttributes) {
        SdkRequest request = context.request();
        SdkField<?> owner = request.sdkFields().stream()
                .filter(f -> MEMBER.equals(f.memberName()))
                .findFirst()
                .orElseThrow(() -> SdkClientException.create("S3 " + request.getClass().getSimpleName()
                        + " cannot carry the expected bucket owner (local.s3-expected-owner); not sent"));
        SdkRequest.Builder builder = request.toBuilder();
        owner.set(builder, accountId);
        return builder.build();
    }

    @Override
    public String toString() {
        return "ExpectedBucketOwner[" + accountId + "]";
    }
}
