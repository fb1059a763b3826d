package org.envelopejca.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.envelopejca.kms.local.AuditDeliverySettings;
import org.envelopejca.kms.local.AuditSync;
import org.junit.jupiter.api.Test;

/** The embedded KMS's settings among the KeyStore properties. */
class KeyStoreConfigTest {
    private static KeyStoreConfig parse(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return KeyStoreConfig.parse(p);
    }

    @Test
    void auditSyncIsBatchedUnlessConfigured() {
        assertEquals(AuditSync.BATCHED, parse().localAuditSync());
        assertEquals(AuditSync.EVERY_CALL, parse("local.audit-sync", "every-call").localAuditSync());
        assertEquals(AuditSync.OPERATING_SYSTEM, parse("local.audit-sync", "os").localAuditSync());
    }

    @Test
    void auditSyncIsWrittenBack() {
        KeyStoreConfig config = parse("local.audit-sync", "every-call");
        assertEquals("every-call", config.toProperties().getProperty("local.audit-sync"));
        assertEquals(config, KeyStoreConfig.parse(config.toProperties()));
    }

    @Test
    void anUnknownAuditSyncNamesTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("local.audit-sync", "always"));
        assertTrue(e.getMessage().contains("local.audit-sync"), e.getMessage());
    }

    @Test
    void storeCopiesAreReadAndWrittenBack() {
        KeyStoreConfig config = parse("local.path", "/var/lib/envelope", "local.copies",
                " /mnt/backup/envelope , s3://envelope-copies/prod/ ", "local.copies-required", "1",
                "local.s3-endpoint", "http://127.0.0.1:5000", "local.s3-region", "eu-west-1",
                "local.s3-path-style", "true");
        assertEquals(java.util.List.of("/mnt/backup/envelope", "s3://envelope-copies/prod/"),
                config.localCopies().targets());
        assertEquals(1, config.localCopies().required());
        assertEquals(2, config.localCopies().open("us-east-1").size());
        assertEquals("s3://envelope-copies/prod", config.localCopies().open("us-east-1").get(1).location());
        assertEquals(config, KeyStoreConfig.parse(config.toProperties()));
        assertEquals(StoreCopiesConfig.NONE, parse().localCopies());
        assertEquals(null, parse().toProperties().getProperty("local.copies"));
    }

    @Test
    void wrongStoreCopySettingsNameTheProperty() {
        String[][] wrong = {
            {"local.copies-required", "1"},
            {"local.copies", "/a", "local.copies-required", "2"},
            {"local.copies", "/a", "local.copies-required", "-1"},
            {"local.copies", "/a", "local.copies-required", "one"},
            {"local.copies", "/a,,/b"},
            {"local.copies", "s3://Not_A_Bucket/x"},
            {"local.copies", "ftp://host/dir"},
            {"local.copies", "/store", "local.path", "/store"},
            {"local.s3-endpoint", "ftp://host"},
            {"local.s3-path-style", "yes"},
        };
        for (String[] pairs : wrong) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(pairs),
                    String.join(" ", pairs));
            assertTrue(e.getMessage().contains("property local."), e.getMessage());
        }
    }

    @Test
    void homeIsTheSettingThenEnvelopeHomeThenHomeThenTheAccountsHome() {
        assertEquals(Path.of("/p"), KeyStoreConfig.defaultHome("/p", "/e", "/h", "/u"));
        assertEquals(Path.of("/e"), KeyStoreConfig.defaultHome(null, "/e", "/h", "/u"));
        assertEquals(Path.of("/e"), KeyStoreConfig.defaultHome(" ", "/e", "/h", "/u"));
        assertEquals(Path.of("/h", ".envelope"), KeyStoreConfig.defaultHome(null, null, "/h", "/u"));
        assertEquals(Path.of("/h", ".envelope"), KeyStoreConfig.defaultHome(null, "", "/h", "/u"));
        assertEquals(Path.of("/u", ".envelope"), KeyStoreConfig.defaultHome(null, null, null, "/u"));
        assertEquals(Path.of("/u", ".envelope"), KeyStoreConfig.defaultHome(null, null, "", "/u"));
    }
    @Test
    void auditDeliveryIsOffUnlessABucketIsNamed() {
        assertEquals(null, parse().localAuditDelivery());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("local.audit-delivery-interval", "PT1M"));
        assertTrue(e.getMessage().contains("local.audit-bucket"), e.getMessage());
    }

    @Test
    void auditDeliveryPropertiesRoundTrip() {
        KeyStoreConfig config = parse("local.audit-bucket", "s3://audit-bucket/envelope/prod/",
                "local.audit-delivery-interval", "PT1M", "local.audit-digest-interval", "PT30M",
                "local.audit-digest-key", "alias/digests", "local.s3-endpoint", "http://127.0.0.1:5000",
                "local.s3-path-style", "true", "local.s3-region", "eu-west-1");
        AuditDeliverySettings d = config.localAuditDelivery();
        assertEquals("audit-bucket", d.bucket().bucket());
        assertEquals("envelope/prod", d.bucket().prefix());
        assertEquals(Duration.ofMinutes(1), d.interval());
        assertEquals(Duration.ofMinutes(30), d.digestInterval());
        assertEquals("alias/digests", d.signingKey());
        assertEquals(URI.create("http://127.0.0.1:5000"), d.s3().endpoint());
        assertTrue(d.s3().pathStyle());
        assertEquals("eu-west-1", d.s3().region());
        assertEquals(config, KeyStoreConfig.parse(config.toProperties()));

        KeyStoreConfig defaults = parse("local.audit-bucket", "s3://audit-bucket");
        assertEquals(AuditDeliverySettings.DEFAULT_INTERVAL, defaults.localAuditDelivery().interval());
        assertEquals(AuditDeliverySettings.DEFAULT_DIGEST_INTERVAL, defaults.localAuditDelivery().digestInterval());
        assertEquals(AuditDeliverySettings.DEFAULT_SIGNING_ALIAS, defaults.localAuditDelivery().signingKeyOrDefault());
        assertEquals(null, defaults.localAuditDelivery().s3().endpoint());
        assertEquals(defaults, KeyStoreConfig.parse(defaults.toProperties()));
    }

    @Test
    void aWrongAuditBucketNamesTheProperty() {
        for (String[] bad : new String[][] {{"local.audit-bucket", "audit-bucket"},
                {"local.audit-bucket", "s3://Not_A_Bucket"},
                {"local.audit-bucket", "s3://b-1", "local.s3-path-style", "yes"},
                {"local.audit-bucket", "s3://b-1", "local.s3-endpoint", "ftp://x"},
                {"local.audit-bucket", "s3://b-1", "local.audit-digest-interval", "PT0S"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(bad));
            assertTrue(e.getMessage().contains("local."), e.getMessage());
        }
    }
    @Test
    void theExpectedBucketOwnerReachesCopiesDeliveryAndTheSharedSettings() {
        KeyStoreConfig config = parse("local.copies", "s3://envelope-copies/prod", "local.audit-bucket",
                "s3://audit-bucket/trail", "local.s3-expected-owner", " 012345678901 ");
        assertEquals("012345678901", config.localCopies().s3ExpectedOwner());
        assertEquals("012345678901", config.localCopies().s3("us-east-1").expectedOwner());
        assertEquals("012345678901", config.localAuditDelivery().s3().expectedOwner());
        assertEquals("012345678901", config.localS3().expectedOwner());
        assertEquals("012345678901", config.toProperties().getProperty("local.s3-expected-owner"));
        assertEquals(config, KeyStoreConfig.parse(config.toProperties()));

        // without copies or delivery, the commands that read buckets still get it
        KeyStoreConfig bare = parse("local.s3-expected-owner", "111122223333");
        assertEquals("111122223333", bare.localS3().expectedOwner());
        assertEquals(bare, KeyStoreConfig.parse(bare.toProperties()));

        // unset (or blank): no condition, nothing written back
        assertEquals(null, parse().localS3().expectedOwner());
        assertEquals(null, parse("local.s3-expected-owner", " ").localS3().expectedOwner());
        assertEquals(null, parse("local.copies", "s3://envelope-copies/prod").toProperties()
                .getProperty("local.s3-expected-owner"));
    }

    @Test
    void anExpectedBucketOwnerThatIsNotAnAccountIdStopsTheConfiguration() {
        for (String bad : new String[] {"12345678901", "1234567890123", "12345678901a", "1234-5678-9012",
                "arn:aws:iam::123456789012:root", "+23456789012", "123456789012\n1",
                // digits, but not ASCII ones (Arabic-Indic): S3 would not take them
                "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0662"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> parse("local.s3-expected-owner", bad), bad);
            assertTrue(e.getMessage().contains("property local.s3-expected-owner must be the 12-digit AWS account ID"),
                    e.getMessage());
            // the same with copies and delivery configured: refused before either is built
            assertThrows(IllegalArgumentException.class, () -> parse("local.copies", "s3://envelope-copies/prod",
                    "local.audit-bucket", "s3://audit-bucket", "local.s3-expected-owner", bad), bad);
        }
        // the records refuse it too, whoever builds them
        assertThrows(IllegalArgumentException.class, () -> new StoreCopiesConfig(java.util.List.of(), 0, null, null,
                false, "12345"));
        assertThrows(IllegalArgumentException.class, () -> new org.envelopejca.kms.local.S3Access.Settings(null, null,
                false, "us-east-1", 3, "12345678901x"));
    }
}
