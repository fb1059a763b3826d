package org.envelopejca.kms.aws;

import org.envelopejca.kms.CreateGrantRequest;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.GrantEntry;
import org.envelopejca.kms.GrantResult;
import org.envelopejca.kms.KeyMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key policy and grant calls of the {@code aws} engine through SDK v2, against Moto as far as Moto goes: Moto
 * stores policies and grants but enforces neither, so this checks the calls and their answers, not decisions.
 */
@ExtendWith(MotoServer.class)
class AwsKmsPolicyMotoTest {
    static final String POLICY = """
            {"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow",
             "Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}""";
    static final String GRANTEE = "arn:aws:iam::123456789012:user/alice";
    static final String RETIREE = "arn:aws:iam::123456789012:user/bob";

    private static AwsKms kms;

    @BeforeAll
    static void open() {
        kms = Moto.engine("us-east-1");
    }

    @AfterAll
    static void close() {
        if (kms != null) {
            kms.close();
        }
    }

    @Test
    void keyPoliciesPutGetList() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("policy test").withPolicy(POLICY, false));
        String stored = kms.getKeyPolicy(key.keyId());
        assertTrue(stored.contains("Root") && !stored.contains("RootAgain"), stored);
        String changed = POLICY.replace("\"Root\"", "\"RootAgain\"");
        kms.putKeyPolicy(key.keyId(), changed, false);
        assertTrue(kms.getKeyPolicy(key.keyId()).contains("RootAgain"));
        assertEquals(List.of("default"), kms.listKeyPolicies(key.keyId()));
    }

    @Test
    void grantsCreateListRetireRevoke() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("grant test"));
        GrantResult first = kms.createGrant(new CreateGrantRequest(key.keyId(), GRANTEE, RETIREE,
                List.of("Decrypt", "GenerateDataKey"), null, Map.of("tenant", "42"), "first", List.of()));
        assertTrue(!first.grantId().isEmpty() && !first.grantToken().isEmpty());
        GrantResult second = kms.createGrant(CreateGrantRequest.of(key.arn(), GRANTEE, List.of("Encrypt")));
        List<GrantEntry> grants = kms.listGrants(key.keyId(), null, null, 100, null).items();
        assertEquals(2, grants.size());
        GrantEntry listed = grants.stream().filter(g -> g.grantId().equals(first.grantId())).findFirst().orElseThrow();
        assertEquals(GRANTEE, listed.granteePrincipal());
        assertEquals(Map.of("tenant", "42"), listed.contextSubset());
        assertTrue(kms.listRetirableGrants(RETIREE, 100, null).items().stream()
                .anyMatch(g -> g.grantId().equals(first.grantId())));
        kms.retireGrant(first.grantToken(), null, null);
        kms.revokeGrant(key.keyId(), second.grantId());
        assertEquals(0, kms.listGrants(key.keyId(), null, null, 100, null).items().size());
    }

    /**
     * The data-key calls of a {@link AwsKms#withGrantTokens} view carry the tokens; Moto accepts the member (it does
     * not enforce grants, so this checks that the requests stay valid; the endpoint test checks that they arrive).
     */
    @Test
    void dataKeyCallsCarryGrantTokens() throws Exception {
        KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("grant token test"));
        GrantResult grant = kms.createGrant(new CreateGrantRequest(key.keyId(), GRANTEE, null,
                List.of("Decrypt", "Encrypt", "GenerateDataKey", "ReEncryptFrom", "ReEncryptTo", "DescribeKey"),
                null, null, null, List.of()));
        AwsKms withToken = kms.withGrantTokens(List.of(grant.grantToken()));
        Map<String, String> context = Map.of("tenant", "42");
        org.envelopejca.kms.DataKeyResult dk = withToken.generateDataKey(key.keyId(), 32, context);
        assertEquals(32, dk.plaintext().length);
        assertEquals(32, withToken.decrypt(dk.ciphertextBlob(), key.keyId(), context, null).plaintext().length);
        byte[] blob = withToken.encrypt(key.keyId(), new byte[]{1, 2, 3}, context, null).ciphertextBlob();
        byte[] again = withToken.reEncrypt(blob, key.keyId(), context, key.keyId(), context).ciphertextBlob();
        assertEquals(3, withToken.decrypt(again, key.keyId(), context, null).plaintext().length);
        assertEquals(key.keyId(), withToken.describeKey(key.keyId()).keyId());
        withToken.close(); // a view: the engine's clients stay open
        assertEquals(key.keyId(), kms.describeKey(key.keyId()).keyId());
    }
}
