package org.envelopejca.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Each rule of the credentials file's {@code keys} list (README, "envelope serve"), case by case, through the
 * unmodified SDK: a key entry allows the key by ID, by ARN and through any alias pointing to it; an alias entry allows
 * requests that name that alias, not the key behind it by ID, and not an alias that merely starts with its name; only
 * an entry ending in {@code *} matches by prefix.
 */
class AuthorizationRulesTest {
    @TempDir
    Path dir;

    @Test
    void aKeyEntryAllowsItsKeyByIdArnAndAliasButNotAnAliasOfAnotherKey() throws Exception {
        try (Keys k = new Keys(dir, granted -> List.of(granted.keyId()))) {
            allowed(k, k.granted.keyId());
            allowed(k, k.granted.arn());
            allowed(k, "alias/granted");
            allowed(k, "arn:aws:kms:us-east-1:" + k.account() + ":alias/granted");
            denied(k, k.other.keyId());
            denied(k, k.other.arn());
            denied(k, "alias/other");       // an alias whose key was not granted
            denied(k, "alias/granted-not"); // names no key at all
        }
    }

    @Test
    void aKeyArnEntryIsTheSameEntryAsItsKeyId() throws Exception {
        try (Keys k = new Keys(dir, granted -> List.of(granted.arn()))) {
            allowed(k, k.granted.keyId());
            allowed(k, "alias/granted");
            denied(k, "alias/other");
        }
    }

    @Test
    void anAliasEntryAllowsThatAliasOnlyAndMatchesExactly() throws Exception {
        try (Keys k = new Keys(dir, granted -> List.of("alias/app"))) {
            k.admin.createAlias(r -> r.aliasName("alias/app").targetKeyId(k.granted.keyId()));
            k.admin.createAlias(r -> r.aliasName("alias/apple").targetKeyId(k.other.keyId()));
            k.admin.createAlias(r -> r.aliasName("alias/app2").targetKeyId(k.granted.keyId()));
            allowed(k, "alias/app");
            denied(k, "alias/apple");          // exact entries do not match by prefix
            denied(k, "alias/app2");           // not even another alias of the same key
            denied(k, k.granted.keyId());      // nor the key behind the alias, named by ID
            denied(k, k.granted.arn());
        }
    }

    @Test
    void anEntryEndingInAStarMatchesByPrefix() throws Exception {
        try (Keys k = new Keys(dir, granted -> List.of("alias/app-*"))) {
            k.admin.createAlias(r -> r.aliasName("alias/app-orders").targetKeyId(k.granted.keyId()));
            k.admin.createAlias(r -> r.aliasName("alias/app").targetKeyId(k.other.keyId()));
            k.admin.createAlias(r -> r.aliasName("alias/apps").targetKeyId(k.other.keyId()));
            allowed(k, "alias/app-orders");
            denied(k, "alias/app");
            denied(k, "alias/apps");
            denied(k, k.granted.keyId());
        }
    }

    private static void allowed(Keys k, String keyId) {
        k.limited.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32));
    }

    private static void denied(Keys k, String keyId) {
        KmsException e = assertThrows(KmsException.class,
                () -> k.limited.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32)), keyId);
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode(), keyId);
    }

    /** Two keys with aliases alias/granted and alias/other, and a limited access key whose entries name the first. */
    private static final class Keys implements AutoCloseable {
        final KmsClient admin;
        final KmsClient limited;
        final KeyMetadata granted;
        final KeyMetadata other;
        private final ServerFixture fx;

        Keys(Path dir, java.util.function.Function<org.envelopejca.kms.KeyMetadata, List<String>> entries)
                throws Exception {
            // The keys must exist before the access key names them: create them through the engine first.
            ServerFixture setup = new ServerFixture(dir.resolve("setup"), List.of("*"));
            org.envelopejca.kms.KeyMetadata g;
            try {
                g = setup.local.createKey(org.envelopejca.kms.CreateKeyRequest.symmetric("granted"));
                setup.local.createAlias("alias/granted", g.keyId());
                org.envelopejca.kms.KeyMetadata o = setup.local.createKey(
                        org.envelopejca.kms.CreateKeyRequest.symmetric("other"));
                setup.local.createAlias("alias/other", o.keyId());
            } finally {
                setup.close();
            }
            fx = new ServerFixture(dir.resolve("setup"), entries.apply(g));
            admin = fx.admin();
            limited = fx.limited();
            granted = admin.describeKey(r -> r.keyId("alias/granted")).keyMetadata();
            other = admin.describeKey(r -> r.keyId("alias/other")).keyMetadata();
        }

        String account() {
            return fx.local.account();
        }

        @Override
        public void close() throws Exception {
            fx.close();
        }
    }
}
