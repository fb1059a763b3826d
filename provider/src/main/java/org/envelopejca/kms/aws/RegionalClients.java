package org.envelopejca.kms.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * One SDK client per region, made on first use and kept: KMS keys live in a region, and a call about a key must go
 * to that key's region. All clients share one HTTP client and one credentials provider.
 */
final class RegionalClients implements AutoCloseable {
    private final AwsKmsConfig config;
    private final String defaultRegion;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Map<String, KmsClient> clients = new ConcurrentHashMap<>();

    RegionalClients(AwsKmsConfig config) {
        this.config = config;
        this.defaultRegion = config.region() != null ? config.region() : regionFromChain(config.profile());
        this.http = switch (config.httpClient()) {
            case APACHE5 -> apache5(config);
            case URL_CONNECTION -> urlConnection(config);
        };
        this.credentials = credentialsProvider(config);
    }

    /**
     * Apache HttpClient 5, the default. HttpURLConnection, before it writes a request body on a kept-alive
     * connection, blocks about a millisecond reading the socket to learn whether the server closed it: a fixed
     * cost on every KMS call. Apache 5 checks a pooled connection only after it sat idle (and the SDK's retry
     * strategy resends a call whose reused connection turns out closed); measured in the benchmarks' AwsKmsLatency.
     * Its own retries stay off (the SDK's retry strategy owns retries) and the SDK's idle reaper closes connections
     * unused for a minute.
     */
    private static SdkHttpClient apache5(AwsKmsConfig config) {
        return Apache5HttpClient.builder()
                .connectionTimeout(config.connectTimeout())
                .socketTimeout(config.socketTimeout())
                // The SDK's standard proxy settings: http.proxyHost, http.proxyPort, http.nonProxyHosts (and the
                // proxy user and password properties), else HTTP_PROXY and NO_PROXY.
                .proxyConfiguration(software.amazon.awssdk.http.apache5.ProxyConfiguration.builder()
                        .useSystemPropertyValues(true)
                        .useEnvironmentVariableValues(true)
                        .build())
                .build();
    }

    /**
     * The JDK's HttpURLConnection ({@code aws.http-client=url-connection}): no library beside the JDK and no thread
     * of its own, at the cost of the probe above.
     */
    private static SdkHttpClient urlConnection(AwsKmsConfig config) {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(config.connectTimeout())
                .socketTimeout(config.socketTimeout())
                .proxyConfiguration(software.amazon.awssdk.http.urlconnection.ProxyConfiguration.builder()
                        .useSystemPropertyValues(true)
                        .useEnvironmentVariablesValues(true)
                        .build())
                .build();
    }

    /** The configured region, else the SDK's region chain's answer. */
    String defaultRegion() {
        return defaultRegion;
    }

    KmsClient forRegion(String region) {
        return clients.computeIfAbsent(region, this::build);
    }

    private KmsClient build(String region) {
        // Standard retry strategy: throttling errors, 5xx answers and I/O failures are retried with exponential
        // backoff and jitter, up to maxAttempts attempts in all; a token bucket stops retry storms.
        ClientOverrideConfiguration override = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(config.maxAttempts())
                        .build())
                .build();
        var builder = KmsClient.builder()
                .region(Region.of(region))
                .httpClient(http)
                .credentialsProvider(credentials)
                .overrideConfiguration(override);
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        }
        return builder.build();
    }

    private static String regionFromChain(String profile) {
        DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
        if (profile != null) {
            chain.profileName(profile);
        }
        try {
            return chain.build().getRegion().id();
        } catch (SdkClientException e) {
            throw new IllegalArgumentException("no AWS region: set aws.region (or AWS_REGION, or a region in the "
                    + "AWS profile)", e);
        }
    }

    private static AwsCredentialsProvider credentialsProvider(AwsKmsConfig config) {
        if (config.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(config.sessionToken() == null
                    ? AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey())
                    : AwsSessionCredentials.create(config.accessKeyId(), config.secretAccessKey(), config.sessionToken()));
        }
        if (config.profile() != null) {
            return ProfileCredentialsProvider.builder().profileName(config.profile()).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public void close() {
        clients.values().forEach(KmsClient::close);
        clients.clear();
        if (credentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
        http.close();
    }
}
