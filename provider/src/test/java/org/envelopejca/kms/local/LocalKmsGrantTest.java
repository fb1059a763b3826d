package org.envelopejca.kms.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.envelopejca.kms.CreateGrantRequest;
import org.envelopejca.kms.GrantEntry;
import org.envelopejca.kms.GrantResult;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.envelopejca.kms.local.Stores.assertKmsError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grants in the embedded engine: create, use (with constraints and tokens), list, retire, revoke, persistence. */
class LocalKmsGrantTest {
    static final String ALICE = "arn:aws:iam::111122223333:user/Alice";
    static final String BOB = "arn:aws:iam::111122223333:user/Bob";
    static final String CAROL = "arn:aws:iam::111122223333:role/Carol";
    static final byte[] SECRET = "attack at dawn".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    MutableClock clock;
    LocalKms kms;
    LocalKms alice;
    LocalKms bob;
    LocalKms carol;
    KeyMetadata key;

    @BeforeEach
    void open() throws Exception {
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        kms = Stores.open(dir, clock);
        views();
        key = kms.createKey(CreateKeyRequest.symmetric("k"));
    }

    private void views() {
        alice = kms.withCaller(Caller.of(ALICE, null));
        bob = kms.withCaller(Caller.of(BOB, null));
        carol = kms.withCaller(Caller.of(CAROL, null));
    }

    @AfterEach
    void close() throws Exception {
        kms.close();
    }

    private CreateGrantRequest subsetGrant(String name) {
        return new CreateGrantRequest(key.keyId(), ALICE, BOB, List.of("GenerateDataKey", "Decrypt"), null,
                Map.of("tenant", "42"), name, List.of());
    }

    @Test
    void aGrantAllowsItsGranteeItsOperationsUnderItsConstraint() throws Exception {
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.generateDataKey(key.keyId(), 32, Map.of("tenant", "42")));
        GrantResult grant = kms.createGrant(subsetGrant(null));
        assertTrue(grant.grantId().matches("[0-9a-f]{64}"), grant.grantId());

        var dataKey = alice.generateDataKey(key.keyId(), 32, Map.of("tenant", "42", "app", "x"));
        assertArrayEquals(dataKey.plaintext(), alice.decrypt(dataKey.ciphertextBlob(), null,
                Map.of("tenant", "42", "app", "x"), null).plaintext());
        assertEquals(grant.grantId(), lastAuthorization("kms:Decrypt").get("id").asText());
        assertEquals("GRANT", lastAuthorization("kms:Decrypt").get("decidedBy").asText());

        KmsException e = assertKmsError(KmsErrorCode.ACCESS_DENIED,
                () -> alice.generateDataKey(key.keyId(), 32, Map.of("tenant", "43")));
        assertTrue(e.getMessage().contains("User: " + ALICE + " is not authorized to perform: kms:GenerateDataKey"),
                e.getMessage());
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.generateDataKey(key.keyId(), 32, Map.of()));
        // keys compare without case in a constraint: a context with tenant and Tenant is not decidable, so refused
        for (int i = 0; i < 20; i++) {
            assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.generateDataKey(key.keyId(), 32,
                    Map.of("tenant", "42", "Tenant", "7")));
        }
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.encrypt(key.keyId(), SECRET, Map.of("tenant", "42"),
                null));
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> bob.generateDataKey(key.keyId(), 32, Map.of("tenant", "42")));
    }

    @Test
    void grantTokensAreCheckedOnTheCallsThatCarryThem() throws Exception {
        GrantResult grant = kms.createGrant(subsetGrant(null));
        LocalKms withToken = alice.withGrantTokens(List.of(grant.grantToken()));
        withToken.generateDataKey(key.keyId(), 32, Map.of("tenant", "42"));
        assertKmsError(KmsErrorCode.INVALID_GRANT_TOKEN, () -> alice.withGrantTokens(List.of("not-ours"))
                .generateDataKey(key.keyId(), 32, Map.of("tenant", "42")));
        assertKmsError(KmsErrorCode.INVALID_GRANT_TOKEN, () -> kms.withGrantTokens(
                List.of(grant.grantToken().substring(0, 20))).describeKey(key.keyId()));
        assertKmsError(KmsErrorCode.VALIDATION, () -> alice.withGrantTokens(
                Collections.nCopies(11, grant.grantToken())).generateDataKey(key.keyId(), 32, Map.of("tenant", "42")));
        assertKmsError(KmsErrorCode.INVALID_GRANT_TOKEN, () -> kms.createGrant(new CreateGrantRequest(key.keyId(),
                CAROL, null, List.of("Decrypt"), null, null, null, List.of("EnvGT1!!"))));
        assertEquals(1, kms.listGrants(key.keyId(), null, null, 100, null).items().size(), "a refused grant was stored");
    }

    @Test
    void listGrantsFiltersAndPages() throws Exception {
        GrantResult a = kms.createGrant(subsetGrant(null));
        GrantResult c = kms.createGrant(CreateGrantRequest.of(key.arn(), CAROL, List.of("Encrypt")));
        Page<GrantEntry> all = kms.listGrants(key.keyId(), null, null, 100, null);
        assertEquals(2, all.items().size());
        GrantEntry forAlice = kms.listGrants(key.keyId(), null, ALICE, 100, null).items().get(0);
        assertEquals(a.grantId(), forAlice.grantId());
        assertEquals(key.arn(), forAlice.keyId());
        assertEquals(BOB, forAlice.retiringPrincipal());
        assertEquals(Map.of("tenant", "42"), forAlice.contextSubset());
        assertNull(forAlice.contextEquals());
        assertEquals("arn:aws:iam::111122223333:root", forAlice.issuingAccount());
        assertEquals(c.grantId(), kms.listGrants(key.keyId(), c.grantId(), null, 100, null).items().get(0).grantId());
        Page<GrantEntry> first = kms.listGrants(key.keyId(), null, null, 1, null);
        Page<GrantEntry> second = kms.listGrants(key.keyId(), null, null, 1, first.nextMarker());
        assertNotEquals(first.items().get(0).grantId(), second.items().get(0).grantId());
        assertNull(second.nextMarker());
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.listGrants(key.keyId(), null, null, 100, null));
        assertEquals(1, kms.listRetirableGrants(BOB, 100, null).items().size());
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.listGrants(key.keyId(), null, null, 101, null));
    }

    @Test
    void aRepeatedNameWithTheSameParametersReturnsTheSameGrant() throws Exception {
        GrantResult first = kms.createGrant(subsetGrant("app-grant"));
        GrantResult again = kms.createGrant(subsetGrant("app-grant"));
        assertEquals(first.grantId(), again.grantId());
        assertNotEquals(first.grantToken(), again.grantToken());
        GrantResult other = kms.createGrant(new CreateGrantRequest(key.keyId(), ALICE, BOB, List.of("Decrypt"), null,
                Map.of("tenant", "42"), "app-grant", List.of()));
        assertNotEquals(first.grantId(), other.grantId());
        GrantResult unnamed1 = kms.createGrant(subsetGrant(null));
        GrantResult unnamed2 = kms.createGrant(subsetGrant(null));
        assertNotEquals(unnamed1.grantId(), unnamed2.grantId());
    }

    @Test
    void badGrantsAreRefusedAndNothingIsStored() throws Exception {
        for (CreateGrantRequest bad : List.of(
                CreateGrantRequest.of(key.keyId(), ALICE, List.of("Decrypt", "Fly")),
                CreateGrantRequest.of(key.keyId(), ALICE, List.of()),
                CreateGrantRequest.of(key.keyId(), ALICE, List.of("Sign")),
                CreateGrantRequest.of(key.keyId(), "alice", List.of("Decrypt")),
                CreateGrantRequest.of(key.keyId(), "arn:aws:iam::111122223333:user/*", List.of("Decrypt")),
                new CreateGrantRequest(key.keyId(), ALICE, "bob", List.of("Decrypt"), null, null, null, List.of()),
                new CreateGrantRequest(key.keyId(), ALICE, null, List.of("Decrypt"), Map.of("a", "1"), Map.of("a", "1"),
                        null, List.of()),
                new CreateGrantRequest(key.keyId(), ALICE, null, List.of("Decrypt"), null, null, "bad name!",
                        List.of()),
                // KMS API Reference, CreateGrant, Constraints: up to 8 pairs, values up to 384 characters
                new CreateGrantRequest(key.keyId(), ALICE, null, List.of("Decrypt"), null, pairs(9), null,
                        List.of()),
                new CreateGrantRequest(key.keyId(), ALICE, null, List.of("Decrypt"), Map.of("a", "v".repeat(385)),
                        null, null, List.of()),
                // constraint keys compare without case: two keys equal but for case would be ambiguous
                new CreateGrantRequest(key.keyId(), ALICE, null, List.of("Decrypt"), null,
                        Map.of("tenant", "42", "Tenant", "7"), null, List.of()))) {
            assertKmsError(KmsErrorCode.VALIDATION, () -> kms.createGrant(bad));
        }
        assertEquals(0, kms.listGrants(key.keyId(), null, null, 100, null).items().size());
    }

    @Test
    void retireAndRevokeFollowKmsRules() throws Exception {
        GrantResult grant = kms.createGrant(subsetGrant(null));
        assertEquals(grant.grantId(), kms.listRetirableGrants(BOB, 100, null).items().get(0).grantId());
        // Carol is neither its retiring principal, its grantee nor the account; Alice's grant lacks RetireGrant
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> carol.retireGrant(grant.grantToken(), null, null));
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.retireGrant(grant.grantToken(), null, null));
        assertKmsError(KmsErrorCode.INVALID_GRANT_TOKEN, () -> bob.retireGrant("EnvGT1xyz", null, null));
        assertKmsError(KmsErrorCode.INVALID_GRANT_ID, () -> kms.retireGrant(null, key.keyId(), "xyz"));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> kms.retireGrant(null, key.keyId(), "0".repeat(64)));
        assertKmsError(KmsErrorCode.VALIDATION, () -> kms.retireGrant(null, null, grant.grantId()));
        bob.retireGrant(grant.grantToken(), null, null);
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.generateDataKey(key.keyId(), 32, Map.of("tenant", "42")));
        assertKmsError(KmsErrorCode.NOT_FOUND, () -> bob.retireGrant(grant.grantToken(), null, null));
        // a grantee whose grant has RetireGrant may retire it; the account's root may, by key and grant ID
        GrantResult own = kms.createGrant(CreateGrantRequest.of(key.keyId(), ALICE, List.of("Decrypt", "RetireGrant")));
        alice.retireGrant(null, key.keyId(), own.grantId());
        GrantResult third = kms.createGrant(subsetGrant(null));
        kms.retireGrant(null, key.arn(), third.grantId());
        // RevokeGrant is as the key policy allows
        GrantResult fourth = kms.createGrant(subsetGrant(null));
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.revokeGrant(key.keyId(), fourth.grantId()));
        kms.revokeGrant(key.keyId(), fourth.grantId());
        assertEquals(0, kms.listGrants(key.keyId(), null, null, 100, null).items().size());
    }

    @Test
    void aGranteeMayPassOnOnlyWhatItsGrantHasAndAnExplicitDenyWinsOverAGrant() throws Exception {
        kms.createGrant(CreateGrantRequest.of(key.keyId(), ALICE, List.of("CreateGrant", "Decrypt")));
        alice.createGrant(CreateGrantRequest.of(key.keyId(), CAROL, List.of("Decrypt")));
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.createGrant(
                CreateGrantRequest.of(key.keyId(), CAROL, List.of("Encrypt"))));
        byte[] blob = kms.encrypt(key.keyId(), SECRET, Map.of(), null).ciphertextBlob();
        assertArrayEquals(SECRET, carol.decrypt(blob, null, Map.of(), null).plaintext());
        kms.putKeyPolicy(key.keyId(), """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"Root","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"},
                 {"Sid":"NotCarol","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:role/Carol"},
                  "Action":"kms:*","Resource":"*"}]}""", false);
        KmsException e = assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> carol.decrypt(blob, null, Map.of(), null));
        assertTrue(e.getMessage().contains("with an explicit deny in a resource-based policy"), e.getMessage());
    }

    private static Map<String, String> pairs(int n) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("k" + i, "v");
        }
        return m;
    }

    @Test
    void constraintsAtTheirLimitsAreAccepted() throws Exception {
        kms.createGrant(new CreateGrantRequest(key.keyId(), ALICE, null, List.of("Decrypt"), null, pairs(8),
                null, List.of()));
        kms.createGrant(new CreateGrantRequest(key.keyId(), ALICE, null, List.of("Decrypt"),
                Map.of("a", "v".repeat(384)), null, null, List.of()));
        assertEquals(2, kms.listGrants(key.keyId(), null, null, 100, null).items().size());
    }

    /**
     * KMS API Reference, CreateGrant, Constraints: a grant created with a grant's CreateGrant permission must have
     * "an equally strict or stricter encryption context constraint" than that grant.
     */
    @Test
    void aGrantCreatedThroughAConstrainedGrantIsAtLeastAsStrict() throws Exception {
        kms.createGrant(new CreateGrantRequest(key.keyId(), ALICE, null, List.of("CreateGrant", "Decrypt"), null,
                Map.of("tenant", "42"), null, List.of()));
        // stricter or equal: the same subset, a larger subset, an Equals holding the pair (key case ignored)
        alice.createGrant(new CreateGrantRequest(key.keyId(), CAROL, null, List.of("Decrypt"), null,
                Map.of("tenant", "42"), null, List.of()));
        alice.createGrant(new CreateGrantRequest(key.keyId(), CAROL, null, List.of("Decrypt"), null,
                Map.of("TENANT", "42", "region", "eu"), null, List.of()));
        alice.createGrant(new CreateGrantRequest(key.keyId(), CAROL, null, List.of("Decrypt"),
                Map.of("tenant", "42", "x", "1"), null, null, List.of()));
        // looser: no constraint, another value, the value in another case, a subset without the pair
        for (CreateGrantRequest looser : List.of(
                CreateGrantRequest.of(key.keyId(), CAROL, List.of("Decrypt")),
                new CreateGrantRequest(key.keyId(), CAROL, null, List.of("Decrypt"), null, Map.of("tenant", "43"),
                        null, List.of()),
                new CreateGrantRequest(key.keyId(), CAROL, null, List.of("Decrypt"), Map.of("tenant", "4 2"), null,
                        null, List.of()),
                new CreateGrantRequest(key.keyId(), CAROL, null, List.of("Decrypt"), null, Map.of("region", "eu"),
                        null, List.of()))) {
            KmsException e = assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.createGrant(looser));
            assertTrue(e.getMessage().contains("as strict as its own"), e.getMessage());
        }
        assertEquals(4, kms.listGrants(key.keyId(), null, null, 100, null).items().size());

        // under EncryptionContextEquals only the same Equals passes on
        KeyMetadata other = kms.createKey(CreateKeyRequest.symmetric("equals"));
        kms.createGrant(new CreateGrantRequest(other.keyId(), BOB, null, List.of("CreateGrant", "Encrypt"),
                Map.of("tenant", "42"), null, null, List.of()));
        bob.createGrant(new CreateGrantRequest(other.keyId(), CAROL, null, List.of("Encrypt"),
                Map.of("Tenant", "42"), null, null, List.of()));
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> bob.createGrant(new CreateGrantRequest(other.keyId(),
                CAROL, null, List.of("Encrypt"), null, Map.of("tenant", "42"), null, List.of())));
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> bob.createGrant(new CreateGrantRequest(other.keyId(),
                CAROL, null, List.of("Encrypt"), Map.of("tenant", "42", "x", "1"), null, null, List.of())));
        assertEquals(2, kms.listGrants(other.keyId(), null, null, 100, null).items().size());
    }

    @Test
    void grantsPersistAndGoWithTheirKey() throws Exception {
        kms.createGrant(subsetGrant(null));
        kms.close();
        kms = Stores.open(dir, clock);
        views();
        alice.generateDataKey(key.keyId(), 32, Map.of("tenant", "42"));
        assertTrue(Files.readString(dir.resolve("store.json")).contains(ALICE));
        kms.scheduleKeyDeletion(key.keyId(), 7);
        clock.advance(Duration.ofDays(8));
        assertEquals(0, kms.listRetirableGrants(BOB, 100, null).items().size());
        assertTrue(!Files.readString(dir.resolve("store.json")).contains(ALICE), "the grant outlived its key");
    }

    private JsonNode lastAuthorization(String action) throws Exception {
        List<String> lines = Files.readAllLines(kms.auditLogFile());
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode a = Json.MAPPER.readTree(lines.get(i)).path("additionalEventData").path("authorization")
                    .path(action);
            if (!a.isMissingNode()) {
                return a;
            }
        }
        throw new AssertionError("no audit line authorizes " + action);
    }
}
