package org.envelopejca.kms.aws;

import java.util.Locale;

/**
 * Which of the AWS SDK's HTTP clients the {@code aws} engine sends its calls with (KeyStore property
 * {@code aws.http-client}). Both are synchronous, keep connections alive between calls, and take their proxy from
 * the SDK's standard settings (with its default proxy scheme, {@code http}): the system properties
 * {@code http.proxyHost}, {@code http.proxyPort}, {@code http.nonProxyHosts} and the proxy user and password, else
 * the environment variables {@code HTTP_PROXY} and {@code NO_PROXY}.
 */
public enum AwsHttpClient {
    /**
     * The default: Apache HttpClient 5 ({@code software.amazon.awssdk:apache5-client}). It checks a pooled
     * connection for staleness only after it was idle for a while, not before every call.
     */
    APACHE5("apache5"),
    /**
     * The JDK's {@code HttpURLConnection} ({@code software.amazon.awssdk:url-connection-client}): no library beside the
     * JDK, but before each request body it sends on a kept-alive connection, it waits about a millisecond reading the
     * socket to see whether the server closed it (measured in benchmarks/RESULTS.md, "aws engine HTTP client").
     */
    URL_CONNECTION("url-connection");

    private final String configName;

    AwsHttpClient(String configName) {
        this.configName = configName;
    }

    /** The property value naming this client. */
    public String configName() {
        return configName;
    }

    /** @throws IllegalArgumentException for a value that names no client */
    public static AwsHttpClient ofConfigName(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (AwsHttpClient c : values()) {
            if (c.configName.equals(v)) {
                return c;
            }
        }
        throw new IllegalArgumentException("aws.http-client must be apache5 or url-connection, not " + value);
    }
}
