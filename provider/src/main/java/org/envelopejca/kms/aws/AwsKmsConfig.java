package org.envelopejca.kms.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * How the {@code aws} engine reaches AWS KMS. Every member is optional: unset, the AWS SDK's own chains decide
 * (region: {@code AWS_REGION}, {@code aws.region}, the profile file, instance metadata; credentials: environment,
 * system properties, web identity, the profile file, container and instance credentials).
 *
 * @param region          the region of key IDs and alias names and of the discovery keyring, or null for the SDK's
 *                        region chain; calls naming a key ARN go to the ARN's region
 * @param endpoint        endpoint override for every region (a VPC endpoint, a test server), or null
 * @param profile         the profile of the shared AWS config and credentials files, or null for the default chain
 * @param accessKeyId     static access key ID, or null (discouraged: prefer the SDK's credential chain or a profile)
 * @param secretAccessKey static secret access key, set together with {@code accessKeyId}
 * @param sessionToken    static session token for temporary credentials, or null
 * @param connectTimeout  how long a TCP connection may take to open
 * @param socketTimeout   how long a read may wait for the next bytes of an answer
 * @param maxAttempts     attempts per call, the first included (the SDK's standard retry strategy: throttling, 5xx
 *                        and network errors are retried with exponential backoff and jitter)
 * @param httpClient      the SDK HTTP client the calls go through ({@link AwsHttpClient#APACHE5} by default)
 */
public record AwsKmsConfig(String region, URI endpoint, String profile, String accessKeyId, String secretAccessKey,
                           String sessionToken, Duration connectTimeout, Duration socketTimeout, int maxAttempts,
                           AwsHttpClient httpClient) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(10);
    /** The SDK's standard retry mode default. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final int MAX_ATTEMPTS_LIMIT = 20;
    public static final AwsHttpClient DEFAULT_HTTP_CLIENT = AwsHttpClient.APACHE5;

    public AwsKmsConfig {
        region = blankToNull(region);
        profile = blankToNull(profile);
        accessKeyId = blankToNull(accessKeyId);
        secretAccessKey = blankToNull(secretAccessKey);
        sessionToken = blankToNull(sessionToken);
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null
                || !(endpoint.getScheme().equals("https") || endpoint.getScheme().equals("http")))) {
            throw new IllegalArgumentException("aws.endpoint must be an http or https URL with a host");
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("aws.access-key-id and aws.secret-access-key go together");
        }
        if (sessionToken != null && accessKeyId == null) {
            throw new IllegalArgumentException("aws.session-token needs aws.access-key-id and aws.secret-access-key");
        }
        if (accessKeyId != null && profile != null) {
            throw new IllegalArgumentException("aws.profile and static credentials exclude each other");
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(httpClient, "httpClient");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || socketTimeout.isNegative() || socketTimeout.isZero()) {
            throw new IllegalArgumentException("aws.connect-timeout and aws.socket-timeout must be positive");
        }
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            throw new IllegalArgumentException("aws.max-attempts must be 1.." + MAX_ATTEMPTS_LIMIT);
        }
    }

    /** Everything from the SDK's chains, default timeouts and attempts. */
    public static AwsKmsConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.region = region;
        b.endpoint = endpoint;
        b.profile = profile;
        b.accessKeyId = accessKeyId;
        b.secretAccessKey = secretAccessKey;
        b.sessionToken = sessionToken;
        b.connectTimeout = connectTimeout;
        b.socketTimeout = socketTimeout;
        b.maxAttempts = maxAttempts;
        b.httpClient = httpClient;
        return b;
    }

    /** Whether static credentials are configured (otherwise the profile or the SDK's default chain is used). */
    public boolean hasStaticCredentials() {
        return accessKeyId != null;
    }

    /** Never shows the secret access key or the session token. */
    @Override
    public String toString() {
        return "AwsKmsConfig[region=" + region + ", endpoint=" + endpoint + ", profile=" + profile
                + ", accessKeyId=" + accessKeyId + ", secretAccessKey=" + (secretAccessKey == null ? null : "(hidden)")
                + ", sessionToken=" + (sessionToken == null ? null : "(hidden)") + ", connectTimeout=" + connectTimeout
                + ", socketTimeout=" + socketTimeout + ", maxAttempts=" + maxAttempts + ", httpClient="
                + httpClient.configName() + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    public static final class Builder {
        private String region;
        private URI endpoint;
        private String profile;
        private String accessKeyId;
        private String secretAccessKey;
        private String sessionToken;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private AwsHttpClient httpClient = DEFAULT_HTTP_CLIENT;

        private Builder() {
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** @throws IllegalArgumentException when {@code endpoint} is not a URL */
        public Builder endpoint(String endpoint) {
            if (endpoint == null || endpoint.isBlank()) {
                this.endpoint = null;
                return this;
            }
            try {
                this.endpoint = new URI(endpoint.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("aws.endpoint is not a URL: " + endpoint, e);
            }
            return this;
        }

        public Builder profile(String profile) {
            this.profile = profile;
            return this;
        }

        /** Static credentials: discouraged (they end up in files and memory dumps); prefer the SDK's chain. */
        public Builder staticCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            this.sessionToken = sessionToken;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder socketTimeout(Duration socketTimeout) {
            this.socketTimeout = socketTimeout;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder httpClient(AwsHttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        public AwsKmsConfig build() {
            return new AwsKmsConfig(region, endpoint, profile, accessKeyId, secretAccessKey, sessionToken,
                    connectTimeout, socketTimeout, maxAttempts, httpClient);
        }
    }
}
