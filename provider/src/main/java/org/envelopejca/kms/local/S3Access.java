package org.envelopejca.kms.local;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Makes the S3 clients of the embedded KMS (audit delivery, store copies). Everything the SDK has a standard way to
 * find, it finds itself:
 * <ul>
 *   <li>credentials: the SDK's default chain (environment, system properties, web identity, profile file, container
 *       and instance credentials); the embedded KMS keeps no AWS secret of its own;</li>
 *   <li>region: {@link Settings#region()} when set, else the SDK's region chain ({@code AWS_REGION},
 *       {@code aws.region}, profile; not instance metadata), else {@link Settings#fallbackRegion()} (the KeyStore's
 *       {@code local.region});</li>
 *   <li>endpoint: {@link Settings#endpoint()} when set (a KeyStore property), else the SDK's own endpoint settings
 *       ({@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL}, system property {@code aws.endpointUrlS3}, the
 *       profile's {@code endpoint_url}), else S3's regional endpoint;</li>
 *   <li>addressing: virtual-hosted style unless {@link Settings#pathStyle()} (a test server on 127.0.0.1 has no
 *       bucket host names).</li>
 * </ul>
 * The HTTP client is the JDK's URL connection, as for the aws engine; the SDK's standard retry strategy (backoff with
 * jitter) retries within a call, the callers retry across calls. With {@link Settings#expectedOwner()} set, every
 * request of the client carries it as S3's bucket owner condition (see {@link ExpectedBucketOwner}).
 */
public final class S3Access {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(20);

    private S3Access() {
    }

    /**
     * How to reach S3.
     *
     * @param region         the region, or null for the SDK's region chain
     * @param endpoint       an endpoint override, or null for the SDK's endpoint settings and S3's own endpoints
     * @param pathStyle      path-style addressing ({@code http://host/bucket/key}) instead of virtual-hosted style
     * @param fallbackRegion the region when neither {@code region} nor the SDK's chain gives one
     * @param maxAttempts    attempts per S3 call, the first included
     * @param expectedOwner  the 12-digit AWS account ID that must own every bucket the client touches, or null for
     *                       no such condition
     */
    public record Settings(String region, URI endpoint, boolean pathStyle, String fallbackRegion, int maxAttempts,
                           String expectedOwner) {
        public Settings {
            region = region == null || region.isBlank() ? null : region.trim();
            if (expectedOwner != null && !isAccountId(expectedOwner)) {
                throw new IllegalArgumentException("an expected bucket owner must be a 12-digit AWS account ID");
            }
            Objects.requireNonNull(fallbackRegion, "fallbackRegion");
            if (endpoint != null && (endpoint.getHost() == null
                    || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
                throw new IllegalArgumentException("an S3 endpoint must be an http or https URL with a host");
            }
            if (maxAttempts < 1 || maxAttempts > 10) {
                throw new IllegalArgumentException("S3 attempts per call must be 1..10");
            }
        }

        /** Settings without a bucket owner condition. */
        public Settings(String region, URI endpoint, boolean pathStyle, String fallbackRegion, int maxAttempts) {
            this(region, endpoint, pathStyle, fallbackRegion, maxAttempts, null);
        }

        /** Everything from the SDK's chains, {@code fallbackRegion} as the last resort, 3 attempts, no owner. */
        public static Settings defaults(String fallbackRegion) {
            return new Settings(null, null, false, fallbackRegion, 3, null);
        }
    }

    /**
     * Whether {@code text} is an AWS account ID as S3's bucket owner condition takes it: exactly 12 ASCII digits
     * (leading zeros are part of the ID, so it stays text).
     */
    public static boolean isAccountId(String text) {
        if (text == null || text.length() != 12) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A new client; the caller closes it (closing it closes its HTTP client too). */
    public static S3Client client(Settings settings) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(settings.maxAttempts())
                        .build());
        if (settings.expectedOwner() != null) {
            // on the client, not at each call site: a call added later cannot forget it
            override.addExecutionInterceptor(new ExpectedBucketOwner(settings.expectedOwner()));
        }
        var builder = S3Client.builder()
                .region(Region.of(region(settings)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .forcePathStyle(settings.pathStyle())
                .overrideConfiguration(override.build());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    static String region(Settings settings) {
        if (settings.region() != null) {
            return settings.region();
        }
        try {
            // The SDK's chain without its last link, instance metadata: the embedded engine runs anywhere, and a
            // metadata lookup off EC2 costs seconds of timeouts at every open.
            return new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
                    .getRegion().id();
        } catch (SdkClientException e) {
            return settings.fallbackRegion();
        }
    }
}
