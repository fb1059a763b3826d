package org.envelopejca.kms.aws;

import java.net.URI;
import java.util.Map;

/**
 * Run in a child JVM by {@link AwsKmsConnectionFaultTest} with proxy environment variables set (a JVM cannot set its
 * own): one GenerateDataKey through the aws engine with the HTTP client and endpoint named by the arguments. Exit
 * status 0 when the call succeeded, 1 when it failed.
 */
final class ProxyEnvironmentProbe {
    private ProxyEnvironmentProbe() {
    }

    public static void main(String[] args) {
        AwsHttpClient client = AwsHttpClient.ofConfigName(args[0]);
        try (AwsKms kms = AwsKms.create(AwsKmsConfig.builder().region("us-east-1").endpoint(URI.create(args[1]))
                .staticCredentials("AKIDSTUB", "stub-secret", null).maxAttempts(1).httpClient(client).build())) {
            kms.generateDataKey(args[2], 32, Map.of("purpose", "proxy probe")).destroy();
        } catch (Exception e) {
            System.err.println(e);
            System.exit(1);
        }
        System.exit(0);
    }
}
