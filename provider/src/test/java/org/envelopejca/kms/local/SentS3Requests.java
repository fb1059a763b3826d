package org.envelopejca.kms.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * What S3 clients send, as it leaves the SDK (marshalled and signed), for the buckets a test watches. The SDK installs
 * it in every client it builds, the engine's own included, because the test classpath lists it as a global execution
 * interceptor ({@code software/amazon/awssdk/global/handlers/execution.interceptors}): the engine's client
 * construction stays as it is in production. Requests to buckets nobody watches are not kept.
 */
public final class SentS3Requests implements ExecutionInterceptor {
    static final String OWNER_HEADER = "x-amz-expected-bucket-owner";

    /** One request as sent: its operation, the owner header's values and whether the signature covers it. */
    public record Sent(String bucket, String operation, List<String> ownerHeader, boolean ownerSigned) {
    }

    // The SDK makes the instance itself (no arguments): the record of what was sent is per bucket, kept here.
    private static final ConcurrentHashMap<String, List<Sent>> WATCHED = new ConcurrentHashMap<>();

    /** Starts keeping the requests to {@code bucket}. */
    public static void watch(String bucket) {
        WATCHED.putIfAbsent(bucket, java.util.Collections.synchronizedList(new ArrayList<>()));
    }

    /** The requests sent to {@code bucket} since {@link #watch}, and stops keeping them. */
    public static List<Sent> forget(String bucket) {
        List<Sent> sent = WATCHED.remove(bucket);
        if (sent == null) {
            throw new IllegalStateException(bucket + " was not watched");
        }
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** The operations among {@code sent}. */
    public static Set<String> operations(List<Sent> sent) {
        Set<String> ops = new java.util.TreeSet<>();
        sent.forEach(s -> ops.add(s.operation()));
        return ops;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Optional<String> bucket = context.request().getValueForField("Bucket", String.class);
        List<Sent> sent = bucket.map(WATCHED::get).orElse(null);
        if (sent == null) {
            return;
        }
        List<String> owner = context.httpRequest().matchingHeaders(OWNER_HEADER);
        String authorization = context.httpRequest().firstMatchingHeader("Authorization").orElse("");
        int signed = authorization.indexOf("SignedHeaders=");
        boolean ownerSigned = signed >= 0 && List.of(authorization.substring(signed + "SignedHeaders=".length())
                .split("[,\\s]")[0].split(";")).contains(OWNER_HEADER);
        sent.add(new Sent(bucket.get(), attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), owner,
                ownerSigned));
    }
}
