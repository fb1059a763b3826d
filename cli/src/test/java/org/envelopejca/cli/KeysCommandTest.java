package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {

    @TempDir
    Path dir;

    @Test
    void createWithAliasMakesASymmetricKeyThatRotatesYearly() throws Exception {
        KmsStore kms = KmsStore.in(dir);
        String text = kms.ok("keys create", "--alias", "orders", "--description", "order files");
        assertTrue(text.startsWith("created arn:aws:kms:us-east-1:111122223333:key/"), text);
        assertTrue(text.contains("with alias alias/orders"), text);

        JsonNode key = kms.json("keys describe", "orders");
        assertEquals("SYMMETRIC_DEFAULT", key.get("keySpec").asText());
        assertEquals("Enabled", key.get("keyState").asText());
        assertEquals("order files", key.get("description").asText());
        assertEquals("alias/orders", key.get("aliases").get(0).asText());
        assertTrue(key.get("rotation").get("enabled").asBoolean());
        assertEquals(365, key.get("rotation").get("periodDays").asInt());
        assertEquals(1, key.get("keyVersions").asInt());
        assertFalse(key.get("multiRegion").asBoolean());
        // the same key by ARN, key ID and alias/NAME
        assertEquals(key, kms.json("keys describe", key.get("arn").asText()));
        assertEquals(key, kms.json("keys describe", key.get("keyId").asText()));
        assertEquals(key, kms.json("keys describe", "alias/orders"));
        assertTrue(Files.exists(kms.dir.resolve("audit.log")), "the store is where the configuration says");
    }

    @Test
    void createOptions() throws Exception {
        KmsStore kms = KmsStore.in(dir);
        JsonNode rsa = kms.json("keys create", "--spec", "RSA_3072");
        assertEquals("RSA_3072", rsa.get("keySpec").asText());
        assertTrue(rsa.get("aliases").isEmpty());
        assertFalse(rsa.has("rotation"), "RSA keys do not rotate");

        JsonNode fixed = kms.json("keys create", "--no-rotation");
        assertFalse(fixed.get("rotation").get("enabled").asBoolean());
        JsonNode quarterly = kms.json("keys create", "--rotation-days", "90", "--multi-region");
        assertEquals(90, quarterly.get("rotation").get("periodDays").asInt());
        assertTrue(quarterly.get("multiRegion").asBoolean());
        assertTrue(quarterly.get("keyId").asText().startsWith("mrk-"));
        assertEquals(3, kms.entryCount());

        assertEquals(EnvelopeCli.USAGE, kms.run("keys create", "--rotation-days", "89").exitCode());
        assertEquals(EnvelopeCli.USAGE, kms.run("keys create", "--spec", "RSA_2048", "--rotation-days", "90").exitCode());
        assertEquals(EnvelopeCli.USAGE, kms.run("keys create", "--rotation-days", "90", "--no-rotation").exitCode());
        assertEquals(EnvelopeCli.USAGE, kms.run("keys create", "--spec", "AES_256").exitCode());
        assertEquals(EnvelopeCli.USAGE, kms.run("keys create", "--alias", "bad name").exitCode());
        assertEquals(EnvelopeCli.USAGE, kms.run("keys create", "--alias", "alias/aws/reserved").exitCode());
        assertEquals(3, kms.entryCount(), "a refused create makes no key");
    }

    @Test
    void anExistingAliasIsNotMovedByCreate() throws Exception {
        KmsStore kms = KmsStore.in(dir);
        kms.ok("keys create", "--alias", "demo");
        String before = kms.arn("demo");
        CliRun again = kms.run("keys create", "--alias", "demo");
        assertEquals(EnvelopeCli.USAGE, again.exitCode(), again::toString);
        assertTrue(again.stderr().contains("alias/demo already exists"), again::toString);
        assertEquals(before, kms.arn("demo"));
        assertEquals(1, kms.entryCount());
    }

    @Test
    void listShowsAliasesThenKeysWithoutAlias() throws Exception {
        KmsStore kms = KmsStore.in(dir);
        assertTrue(kms.ok("keys list").startsWith("no keys in the embedded KMS in "));
        kms.ok("keys create", "--alias", "b");
        kms.ok("keys create", "--alias", "a");
        String bare = kms.json("keys create").get("arn").asText();
        kms.ok("keys alias create", "c", "a");

        String[] lines = kms.ok("keys list").split("\n");
        assertEquals(5, lines.length, String.join("\n", lines));
        assertTrue(lines[0].matches("ALIAS +KEY ARN +STATE +SPEC"), lines[0]);
        assertTrue(lines[1].matches("alias/a +" + kms.arn("a") + " +Enabled +SYMMETRIC_DEFAULT"), lines[1]);
        assertTrue(lines[2].startsWith("alias/b "), lines[2]);
        assertTrue(lines[3].matches("alias/c +" + kms.arn("a") + " .*"), lines[3]);
        assertTrue(lines[4].matches("- +" + bare + " +Enabled +SYMMETRIC_DEFAULT"), lines[4]);
    }

    @Test
    void staticAliasesOfTheConfigurationAreListed() throws Exception {
        KmsStore plain = KmsStore.in(dir);
        plain.ok("keys create", "--alias", "real");
        String arn = plain.arn("real");
        KmsStore kms = KmsStore.in(dir, "alias.pair=" + arn + ",arn:aws:kms:eu-west-1:444455556666:key/elsewhere");
        JsonNode entries = kms.json("keys list").get("entries");
        assertEquals(3, entries.size(), entries::toString);
        JsonNode known = entries.get(1);
        assertEquals("alias/pair", known.get("alias").asText());
        assertTrue(known.get("static").asBoolean());
        assertEquals("Enabled", known.get("keyState").asText());
        assertEquals("unknown", entries.get(2).get("keyState").asText());
        CliRun move = kms.run("keys alias update", "pair", "real");
        assertEquals(EnvelopeCli.USAGE, move.exitCode());
        assertTrue(move.stderr().contains("static alias"), move::toString);
    }

    @Test
    void lifecycle() throws Exception {
        KmsStore kms = KmsStore.in(dir);
        kms.ok("keys create", "--alias", "life");

        JsonNode rotated = kms.json("keys rotate", "life");
        assertEquals(2, rotated.get("keyVersions").asInt());
        assertEquals(1, rotated.get("rotation").get("onDemandRotations").asInt());

        assertEquals("Disabled", kms.json("keys disable", "life").get("keyState").asText());
        assertEquals("Enabled", kms.json("keys enable", "life").get("keyState").asText());

        assertEquals(EnvelopeCli.USAGE, kms.run("keys schedule-deletion", "life", "--days", "6").exitCode());
        assertEquals(EnvelopeCli.USAGE, kms.run("keys schedule-deletion", "life", "--days", "31").exitCode());
        Instant before = Instant.now();
        JsonNode pending = kms.json("keys schedule-deletion", "life", "--days", "7");
        assertEquals("PendingDeletion", pending.get("keyState").asText());
        Instant deletion = Instant.parse(pending.get("deletionDate").asText());
        assertFalse(deletion.isBefore(before.plus(Duration.ofDays(7))), deletion::toString);
        assertEquals(EnvelopeCli.KMS_FAILED, kms.run("keys enable", "life").exitCode(),
                "a key pending deletion cannot be enabled");
        assertEquals(EnvelopeCli.KMS_FAILED, kms.run("keys schedule-deletion", "life").exitCode());

        JsonNode cancelled = kms.json("keys cancel-deletion", "life");
        assertEquals("Disabled", cancelled.get("keyState").asText());
        assertTrue(cancelled.get("deletionDate").isNull());
        assertEquals(EnvelopeCli.KMS_FAILED, kms.run("keys cancel-deletion", "life").exitCode());
        assertEquals("Enabled", kms.json("keys enable", "life").get("keyState").asText());

        String text = kms.ok("keys disable", "life");
        assertTrue(text.startsWith(kms.arn("life") + ": disabled\n"), text);
        assertTrue(text.contains("state:         Disabled"), text);
    }

    @Test
    void unknownKeysAreUsageErrors() throws Exception {
        KmsStore kms = KmsStore.in(dir);
        for (String command : new String[] {"keys describe", "keys rotate", "keys disable", "keys enable",
            "keys schedule-deletion", "keys cancel-deletion"}) {
            CliRun r = kms.run(command, "alias/none");
            assertEquals(EnvelopeCli.USAGE, r.exitCode(), command + ": " + r);
            assertTrue(r.stderr().contains("envelope " + command + ": KMS: NotFoundException"), r::toString);
        }
        assertEquals(EnvelopeCli.USAGE, CliRun.run("keys").exitCode(), "keys needs a subcommand");
    }

    @Test
    void aliases() throws Exception {
        KmsStore kms = KmsStore.in(dir);
        kms.ok("keys create", "--alias", "one");
        kms.ok("keys create", "--alias", "two");
        String one = kms.arn("one");
        String two = kms.arn("two");

        assertEquals("created alias alias/current -> " + one + "\n", kms.ok("keys alias create", "current", "one"));
        assertEquals(one, kms.arn("current"));
        assertEquals(EnvelopeCli.USAGE, kms.run("keys alias create", "current", "two").exitCode());
        assertEquals(one, kms.arn("current"), "create does not move an alias");

        JsonNode moved = kms.json("keys alias update", "alias/current", two);
        assertEquals("alias/current", moved.get("alias").asText());
        assertEquals(two, moved.get("arn").asText());
        assertEquals(two, kms.arn("current"));
        assertEquals(EnvelopeCli.USAGE, kms.run("keys alias update", "missing", "two").exitCode());
        assertEquals(EnvelopeCli.USAGE, kms.run("keys alias create", "next", "alias/missing").exitCode());

        assertEquals("deleted alias alias/current\n", kms.ok("keys alias delete", "current"));
        assertEquals(EnvelopeCli.USAGE, kms.run("keys alias delete", "current").exitCode());
        assertEquals("Enabled", kms.json("keys describe", two).get("keyState").asText(), "the key stays");
    }

    @Test
    void aPasswordProtectedStoreOpensOnlyWithItsPassword() throws Exception {
        KmsStore kms = KmsStore.in(dir).withEnv(Map.of(KmsOptions.PASSWORD_VARIABLE, "correct horse"));
        CliRun created = kms.run("keys create", "--alias", "locked");
        assertEquals(EnvelopeCli.OK, created.exitCode(), created::toString);
        assertTrue(created.stderr().contains("derived from the password"), created::toString);
        assertFalse(Files.exists(kms.dir.resolve("root.key")));

        KmsStore none = KmsStore.in(dir);
        CliRun refused = none.run("keys list");
        assertEquals(EnvelopeCli.USAGE, refused.exitCode());
        assertTrue(refused.stderr().contains("protected by a password"), refused::toString);

        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "battery staple\n");
        assertEquals(EnvelopeCli.USAGE, none.run("keys list", "--password-file", wrong.toString()).exitCode());
        Path right = dir.resolve("right");
        Files.writeString(right, "correct horse\n");
        assertTrue(none.ok("keys list", "--password-file", right.toString()).contains("alias/locked"));
    }

    @Test
    void aBadConfigurationIsAUsageError() throws Exception {
        KmsStore misspelt = KmsStore.in(dir, "cache.enabeld=false");
        CliRun r = misspelt.run("keys list");
        assertEquals(EnvelopeCli.USAGE, r.exitCode());
        assertTrue(r.stderr().contains("cache.enabeld"), r::toString);
        assertEquals(EnvelopeCli.USAGE, CliRun.run("keys", "list", "--keystore", dir.resolve("none").toString())
                .exitCode());
        assertFalse(Files.exists(misspelt.dir), "nothing was created");
    }
}
