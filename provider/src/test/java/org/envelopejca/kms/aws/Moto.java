package org.envelopejca.kms.aws;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Engines and KeyStore configurations pointed at the test run's Moto server. */
final class Moto {
    /** Moto's account in every ARN it makes. */
    static final String ACCOUNT = "123456789012";

    private Moto() {
    }

    /** Any static credentials do: Moto checks the signature's form and region, not the secret. */
    static AwsKmsConfig.Builder config(String region) {
        return AwsKmsConfig.builder()
                .region(region)
                .endpoint(MotoServer.endpoint())
                .staticCredentials("AKIDMOTOTEST", "moto-test-secret", null);
    }

    static AwsKms engine(String region) {
        return AwsKms.create(config(region).build());
    }

    /** KeyStore properties for kms=aws against Moto in {@code region}, plus {@code extra} lines. */
    static byte[] keyStoreProperties(String region, String extra) {
        String props = "kms=aws\naws.region=" + region + "\naws.endpoint=" + MotoServer.endpoint()
                + "\naws.access-key-id=AKIDMOTOTEST\naws.secret-access-key=moto-test-secret\n" + extra;
        return props.getBytes(StandardCharsets.UTF_8);
    }

    /** A name no other test uses (Moto's state lives as long as the server). */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The key ID at the end of a key ARN. */
    static String keyId(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }
}
