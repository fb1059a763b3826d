package org.envelopejca.kms.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.keystore.KeyStoreConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code aws.*} KeyStore properties, their checks, and the engine's public face. */
class AwsKmsConfigTest {

    private static KeyStoreConfig parse(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return KeyStoreConfig.parse(p);
    }

    @Test
    void defaultsLeaveEverythingToTheSdk() throws Exception {
        AwsKmsConfig aws = parse("kms=aws\n").aws();
        assertNull(aws.region());
        assertNull(aws.endpoint());
        assertNull(aws.profile());
        assertFalse(aws.hasStaticCredentials());
        assertEquals(Duration.ofSeconds(2), aws.connectTimeout());
        assertEquals(Duration.ofSeconds(10), aws.socketTimeout());
        assertEquals(3, aws.maxAttempts());
        assertEquals(AwsHttpClient.APACHE5, aws.httpClient());
        assertEquals(AwsKmsConfig.defaults(), aws);
    }

    @Test
    void everyPropertyIsReadAndWrittenBack() throws Exception {
        KeyStoreConfig config = parse("""
                kms=aws
                aws.region=eu-central-1
                aws.endpoint=https://vpce-1.kms.eu-central-1.vpce.amazonaws.com
                aws.access-key-id=AKIDEXAMPLE
                aws.secret-access-key=the-secret
                aws.session-token=the-token
                aws.connect-timeout=PT1S
                aws.socket-timeout=PT30S
                aws.max-attempts=5
                aws.http-client=url-connection
                """);
        AwsKmsConfig aws = config.aws();
        assertEquals("eu-central-1", aws.region());
        assertEquals(URI.create("https://vpce-1.kms.eu-central-1.vpce.amazonaws.com"), aws.endpoint());
        assertEquals("AKIDEXAMPLE", aws.accessKeyId());
        assertEquals("the-secret", aws.secretAccessKey());
        assertEquals("the-token", aws.sessionToken());
        assertEquals(Duration.ofSeconds(1), aws.connectTimeout());
        assertEquals(Duration.ofSeconds(30), aws.socketTimeout());
        assertEquals(5, aws.maxAttempts());
        assertEquals(AwsHttpClient.URL_CONNECTION, aws.httpClient());
        assertEquals("url-connection", config.toProperties().getProperty("aws.http-client"));
        assertEquals(config, KeyStoreConfig.parse(config.toProperties()));
        assertEquals(AwsHttpClient.APACHE5, parse("kms=aws\naws.http-client=Apache5\n").aws().httpClient());
        assertEquals("eu-central-1", parse("kms=aws\naws.profile=ops\naws.region=eu-central-1\n").aws().region());
        assertEquals("ops", parse("kms=aws\naws.profile=ops\n").aws().profile());
    }

    @Test
    void secretsNeverShowInToString() throws Exception {
        KeyStoreConfig config = parse("kms=aws\naws.access-key-id=AKIDEXAMPLE\naws.secret-access-key=the-secret\n"
                + "aws.session-token=the-token\n");
        for (String s : List.of(config.toString(), config.aws().toString())) {
            assertFalse(s.contains("the-secret"), s);
            assertFalse(s.contains("the-token"), s);
            assertTrue(s.contains("AKIDEXAMPLE"), s);
        }
    }

    @Test
    void badValuesNameTheProperty() {
        for (String[] bad : new String[][] {
                {"aws.secret-access-key=s\n", "aws.access-key-id"},
                {"aws.access-key-id=a\n", "aws.secret-access-key"},
                {"aws.session-token=t\n", "aws.session-token"},
                {"aws.access-key-id=a\naws.secret-access-key=s\naws.profile=p\n", "aws.profile"},
                {"aws.max-attempts=0\n", "aws.max-attempts"},
                {"aws.max-attempts=many\n", "aws.max-attempts"},
                {"aws.socket-timeout=10s\n", "aws.socket-timeout"},
                {"aws.connect-timeout=PT0S\n", "aws.connect-timeout"},
                {"aws.http-client=netty\n", "aws.http-client"},
                {"aws.endpoint=localhost:4566\n", "aws.endpoint"},
                {"aws.endpoint=http://bad host\n", "aws.endpoint"},
                {"aws.regoin=us-east-1\n", "aws.regoin"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("kms=aws\n" + bad[0]),
                    bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    @Test
    void noRegionAnywhereIsAConfigurationError(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(System.getenv("AWS_REGION") == null, "AWS_REGION is set");
        Map<String, String> settings = Map.of("aws.configFile", Files.writeString(dir.resolve("config"), "").toString(),
                "aws.disableEc2Metadata", "true");
        Map<String, String> old = new HashMap<>();
        settings.keySet().forEach(k -> old.put(k, System.getProperty(k)));
        String oldRegion = System.getProperty("aws.region");
        settings.forEach(System::setProperty);
        System.clearProperty("aws.region");
        try {
            KeyStore ks = KeyStore.getInstance("KMS", new EnvelopeProvider());
            IOException e = assertThrows(IOException.class, () -> ks.load(
                    new ByteArrayInputStream("kms=aws\n".getBytes(StandardCharsets.UTF_8)), null));
            assertTrue(e.getMessage().contains("aws.region"), e.getMessage());
        } finally {
            old.put("aws.region", oldRegion);
            old.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    @Test
    void noSdkTypeInThePublicFace() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : List.of(AwsKms.class, AwsKmsConfig.class, AwsKmsConfig.Builder.class, KeyStoreConfig.class)) {
            Stream<Executable> members = Stream.concat(Stream.of(type.getConstructors()), Stream.of(type.getMethods()));
            members.filter(m -> Modifier.isPublic(m.getModifiers())).forEach(m -> {
                List<Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
                types.addAll(List.of(m.getGenericExceptionTypes()));
                if (m instanceof Method method) {
                    types.add(method.getGenericReturnType());
                }
                types.stream().filter(t -> t.getTypeName().contains("software.amazon"))
                        .forEach(t -> leaks.add(type.getSimpleName() + "." + m.getName() + ": " + t.getTypeName()));
            });
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    if (c.getGenericType().getTypeName().contains("software.amazon")) {
                        leaks.add(type.getSimpleName() + "." + c.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), leaks);
        assertTrue(Stream.of(AwsErrors.class, AwsValues.class, RegionalClients.class)
                .noneMatch(c -> Modifier.isPublic(c.getModifiers())), "the SDK-facing helpers are package-private");
    }
}
