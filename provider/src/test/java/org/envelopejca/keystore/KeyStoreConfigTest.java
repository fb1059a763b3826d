package org.envelopejca.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Properties;
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
}
