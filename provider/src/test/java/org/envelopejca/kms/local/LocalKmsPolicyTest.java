package org.envelopejca.kms.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.KmsOperationException;
import org.envelopejca.kms.CiphertextResult;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;
import org.envelopejca.keystore.KeyStoreConfig;
import org.envelopejca.keystore.KmsKey;
import org.envelopejca.keystore.KmsLoadStoreParameter;
import org.envelopejca.kms.policy.PolicyDocument;
import org.envelopejca.kms.policy.PolicyKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Cipher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.envelopejca.kms.local.Stores.assertKmsError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key policies in the embedded engine: default, put/get/list, lockout check, enforcement, refusals, audit. */
class LocalKmsPolicyTest {
    static final String ACCOUNT = "111122223333";
    static final String ROOT = "arn:aws:iam::" + ACCOUNT + ":root";
    static final String ALICE = "arn:aws:iam::" + ACCOUNT + ":user/Alice";
    static final byte[] SECRET = "attack at dawn".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    LocalKms kms;
    LocalKms alice;

    @BeforeEach
    void open() throws Exception {
        kms = Stores.open(dir);
        alice = kms.withCaller(Caller.of(ALICE, "AKIDALICE"));
    }

    @AfterEach
    void close() throws Exception {
        kms.close();
    }

    /** Root keeps everything; Alice may Decrypt when the context has tenant 42; everyone is denied tenant 7. */
    static String tenantPolicy() {
        return """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*",
                  "Resource":"*"},
                 {"Sid":"AliceTenant42","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/Alice"},
                  "Action":"kms:Decrypt","Resource":"*",
                  "Condition":{"StringEquals":{"kms:EncryptionContext:tenant":"42"}}},
                 {"Sid":"NobodyTenant7","Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*",
                  "Condition":{"StringEquals":{"kms:EncryptionContext:tenant":"7"}}}]}""";
    }

    @Test
    void newKeysHaveKmsDefaultPolicy() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("k"));
        String policy = kms.getKeyPolicy(key.keyId());
        PolicyDocument doc = PolicyDocument.parse(PolicyKind.KEY_POLICY, policy);
        assertEquals("Enable IAM User Permissions", doc.statements().get(0).sid());
        assertTrue(policy.contains("\"arn:aws:iam::" + ACCOUNT + ":root\""), policy);
        assertEquals(List.of("default"), kms.listKeyPolicies(key.arn()));
        // the default caller is the account root: everything works as before key policies
        CiphertextResult c = kms.encrypt(key.keyId(), SECRET, Map.of(), null);
        assertArrayEquals(SECRET, kms.decrypt(c.ciphertextBlob(), null, Map.of(), null).plaintext());
    }

    @Test
    void aUserWithoutIdentityPoliciesGetsNothingFromTheDefaultPolicy() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("k"));
        KmsException e = assertKmsError(KmsErrorCode.ACCESS_DENIED,
                () -> alice.encrypt(key.keyId(), SECRET, Map.of(), null));
        assertTrue(e.getMessage().contains("User: " + ALICE + " is not authorized to perform: kms:Encrypt on resource: "
                + key.arn() + " because no identity-based policy allows the kms:Encrypt action"), e.getMessage());
        assertEquals(key.arn(), e.keyArn());
        e = assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.createKey(CreateKeyRequest.symmetric("x")));
        assertTrue(e.getMessage().contains("kms:CreateKey on resource: *"), e.getMessage());
    }

    @Test
    void aPolicyNamingThePrincipalGrantsByItselfWithItsConditions() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("k"));
        kms.putKeyPolicy(key.keyId(), tenantPolicy(), false);
        assertEquals(tenantPolicy(), kms.getKeyPolicy(key.keyId()));

        byte[] for42 = kms.encrypt(key.keyId(), SECRET, Map.of("tenant", "42"), null).ciphertextBlob();
        byte[] for43 = kms.encrypt(key.keyId(), SECRET, Map.of("tenant", "43"), null).ciphertextBlob();
        assertArrayEquals(SECRET, alice.decrypt(for42, null, Map.of("tenant", "42"), null).plaintext());
        KmsException e = assertKmsError(KmsErrorCode.ACCESS_DENIED,
                () -> alice.decrypt(for43, null, Map.of("tenant", "43"), null));
        // the Root statement delegates to Alice's identity policies, and she has none
        assertTrue(e.getMessage().contains("because no identity-based policy allows the kms:Decrypt action"),
                e.getMessage());
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.encrypt(key.keyId(), SECRET, Map.of("tenant", "42"),
                null));
        // an explicit deny wins over the root's allow
        e = assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> kms.encrypt(key.keyId(), SECRET, Map.of("tenant", "7"),
                null));
        assertTrue(e.getMessage().contains("User: " + ROOT + " is not authorized to perform: kms:Encrypt on resource: "
                + key.arn() + " with an explicit deny in a resource-based policy"), e.getMessage());
        // GenerateDataKey and ReEncrypt are authorized too
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> kms.generateDataKey(key.keyId(), 32, Map.of("tenant", "7")));
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.reEncrypt(for42, null, Map.of("tenant", "42"),
                key.keyId(), Map.of("tenant", "42")));
    }

    @Test
    void requestAliasAndResourceAliasesAreConditionKeys() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("k"));
        kms.createAlias("alias/app", key.keyId());
        kms.createAlias("alias/other", key.keyId());
        kms.putKeyPolicy(key.keyId(), """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*",
                  "Resource":"*"},
                 {"Sid":"ViaAppAlias","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/Alice"},
                  "Action":"kms:Encrypt","Resource":"*","Condition":{"StringEquals":{"kms:RequestAlias":"alias/app"}}},
                 {"Sid":"DescribeWhileAliased","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/Alice"},
                  "Action":"kms:DescribeKey","Resource":"*",
                  "Condition":{"ForAnyValue:StringEquals":{"kms:ResourceAliases":"alias/other"}}}]}""", false);
        alice.encrypt("alias/app", SECRET, Map.of(), null);
        alice.encrypt("arn:aws:kms:us-east-1:111122223333:alias/app", SECRET, Map.of(), null);
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.encrypt(key.keyId(), SECRET, Map.of(), null));
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.encrypt("alias/other", SECRET, Map.of(), null));
        alice.describeKey(key.keyId());
        kms.deleteAlias("alias/other");
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.describeKey(key.keyId()));
    }

    @Test
    void theAuditLineNamesTheDecidingStatement() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("k"));
        kms.putKeyPolicy(key.keyId(), tenantPolicy(), false);
        byte[] for42 = kms.encrypt(key.keyId(), SECRET, Map.of("tenant", "42"), null).ciphertextBlob();
        alice.decrypt(for42, null, Map.of("tenant", "42"), null);
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> kms.encrypt(key.keyId(), SECRET, Map.of("tenant", "7"), null));
        List<JsonNode> lines = auditLines();
        JsonNode allowed = lines.get(lines.size() - 2);
        assertEquals("Decrypt", allowed.get("eventName").asText());
        assertEquals(ALICE, allowed.get("userIdentity").get("arn").asText());
        JsonNode a = allowed.get("additionalEventData").get("authorization").get("kms:Decrypt");
        assertEquals("ALLOW", a.get("decision").asText());
        assertEquals("AliceTenant42", a.get("id").asText());
        JsonNode denied = lines.get(lines.size() - 1);
        assertEquals("AccessDeniedException", denied.get("errorCode").asText());
        JsonNode d = denied.get("additionalEventData").get("authorization").get("kms:Encrypt");
        assertEquals("EXPLICIT_DENY", d.get("decision").asText());
        assertEquals("NobodyTenant7", d.get("id").asText());
    }

    @Test
    void theLockoutCheckRefusesAPolicyThatLocksTheCallerOutAndStoresNothing() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("k"));
        String aliceOnly = """
                {"Version":"2012-10-17","Statement":[{"Sid":"AliceOnly","Effect":"Allow",
                 "Principal":{"AWS":"arn:aws:iam::111122223333:user/Alice"},"Action":"kms:*","Resource":"*"}]}""";
        KmsException e = assertKmsError(KmsErrorCode.MALFORMED_POLICY_DOCUMENT,
                () -> kms.putKeyPolicy(key.keyId(), aliceOnly, false));
        assertTrue(e.getMessage().contains("will not allow you to update the key policy in the future"),
                e.getMessage());
        assertEquals(LocalKms.defaultPolicyText(ACCOUNT), kms.getKeyPolicy(key.keyId()));
        // with the bypass it is stored, and the root is locked out, as in KMS
        kms.putKeyPolicy(key.keyId(), aliceOnly, true);
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> kms.getKeyPolicy(key.keyId()));
        assertEquals(aliceOnly, alice.getKeyPolicy(key.keyId()));
        // CreateKey applies the same check
        assertKmsError(KmsErrorCode.MALFORMED_POLICY_DOCUMENT, () -> kms.createKey(
                CreateKeyRequest.symmetric("locked").withPolicy(aliceOnly, false)));
        KeyMetadata forAlice = kms.createKey(CreateKeyRequest.symmetric("alice's").withPolicy(aliceOnly, true));
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> kms.describeKey(forAlice.keyId()));
        assertEquals(forAlice.arn(), alice.describeKey(forAlice.keyId()).arn());
    }

    @Test
    void malformedPoliciesAreRefusedAndNothingIsStored() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("k"));
        int keys = kms.listKeys(100, null).items().size();
        for (String bad : List.of("{", "{\"Statement\":[]}", tenantPolicy().replace("kms:EncryptionContext:tenant",
                "kms:ViaService"), tenantPolicy().replace("StringEquals", "StringEqualz"),
                "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Sid\":\""
                        + "x".repeat(40_000) + "\"}}")) {
            assertKmsError(KmsErrorCode.MALFORMED_POLICY_DOCUMENT, () -> kms.putKeyPolicy(key.keyId(), bad, true));
            assertKmsError(KmsErrorCode.MALFORMED_POLICY_DOCUMENT,
                    () -> kms.createKey(CreateKeyRequest.symmetric("x").withPolicy(bad, true)));
        }
        assertEquals(LocalKms.defaultPolicyText(ACCOUNT), kms.getKeyPolicy(key.keyId()));
        assertEquals(keys, kms.listKeys(100, null).items().size(), "a refused CreateKey created a key");
    }

    @Test
    void policiesPersistInTheStoreAndReopen() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("k").withPolicy(tenantPolicy(), false));
        kms.close();
        kms = Stores.open(dir);
        alice = kms.withCaller(Caller.of(ALICE, null));
        assertEquals(tenantPolicy(), kms.getKeyPolicy(key.keyId()));
        byte[] blob = kms.encrypt(key.keyId(), SECRET, Map.of("tenant", "43"), null).ciphertextBlob();
        assertKmsError(KmsErrorCode.ACCESS_DENIED, () -> alice.decrypt(blob, null, Map.of("tenant", "43"), null));
        // the store file holds the policy under its MAC: changing it there is detected
        Path store = dir.resolve("store.json");
        String text = Files.readString(store);
        assertTrue(text.contains("AliceTenant42"));
        kms.close();
        Files.writeString(store, text.replace("AliceTenant42", "AliceTenant43"));
        org.junit.jupiter.api.Assertions.assertThrows(StoreIntegrityException.class, () -> Stores.open(dir));
        Files.writeString(store, text);
        kms = Stores.open(dir);
    }

    @Test
    void throughTheCipherARefusalIsAKmsOperationExceptionNamingTheSame() throws Exception {
        String noDataKeys = """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"Root","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"},
                 {"Sid":"NoDataKeys","Effect":"Deny","Principal":"*","Action":"kms:GenerateDataKey*","Resource":"*"}]}""";
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("k").withPolicy(noDataKeys, false));
        kms.createAlias("alias/app", key.keyId());
        KeyStore store = KeyStore.getInstance("KMS", new EnvelopeProvider());
        store.load(KmsLoadStoreParameter.of(KeyStoreConfig.local(dir), kms));
        KmsKey handle = (KmsKey) store.getKey("alias/app", null);
        Cipher c = Cipher.getInstance("Envelope/AES-GCM/NoPadding", new EnvelopeProvider());
        KmsOperationException e = org.junit.jupiter.api.Assertions.assertThrows(KmsOperationException.class,
                () -> c.init(Cipher.ENCRYPT_MODE, handle));
        assertEquals(KmsErrorCode.ACCESS_DENIED, e.code());
        assertEquals(key.arn(), e.keyArn());
        assertTrue(e.getMessage().contains("User: " + ROOT + " is not authorized to perform: kms:GenerateDataKey on "
                + "resource: " + key.arn() + " with an explicit deny in a resource-based policy"), e.getMessage());
    }

    @Test
    void aKeyStoreActsAsThePrincipalItsConfigurationNames() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("k"));
        kms.createAlias("alias/app", key.keyId());
        kms.close();
        KeyStoreConfig config = KeyStoreConfig.parse(props("local.path", dir.toString(), "local.principal", ALICE,
                "local.audit-sync", "os"));
        assertEquals(ALICE, config.localPrincipal());
        assertEquals(ALICE, KeyStoreConfig.parse(config.toProperties()).localPrincipal());
        KeyStore store = KeyStore.getInstance("KMS", new EnvelopeProvider());
        store.load(KmsLoadStoreParameter.of(config, (char[]) null));
        // Alice has no identity policy in-process, and the default key policy only delegates to one
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> store.getKey("alias/app", null));
        assertTrue(e.getMessage().contains("User: " + ALICE + " is not authorized to perform: kms:ListAliases"),
                e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> KeyStoreConfig.parse(props("local.principal", "alice")));
        kms = Stores.open(dir);
    }

    private static java.util.Properties props(String... pairs) {
        java.util.Properties p = new java.util.Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    private List<JsonNode> auditLines() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(kms.auditLogFile())) {
            if (!line.isBlank()) {
                out.add(Json.MAPPER.readTree(line));
            }
        }
        return out;
    }

}
