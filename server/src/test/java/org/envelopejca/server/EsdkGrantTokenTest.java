package org.envelopejca.server;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKeyProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.GrantOperation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AWS Encryption SDK for Java's KMS master key provider, with grant tokens, through the endpoint: the key
 * policy names only the admin, so the application may use the key only through its grant, and only for the
 * encryption context the grant's constraint names.
 */
class EsdkGrantTokenTest {
    static final String APP = "arn:aws:iam::111122223333:user/orders-app";

    @Test
    void theEsdkUsesAGrantWithItsToken(@TempDir Path dir) throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, List.of("*"))) {
            String arn = fx.admin().createKey(r -> r.policy("""
                    {"Version":"2012-10-17","Statement":[{"Sid":"Admin","Effect":"Allow",
                     "Principal":{"AWS":"arn:aws:iam::111122223333:user/admin"},"Action":"kms:*","Resource":"*"}]}"""))
                    .keyMetadata().arn();
            AwsCrypto esdk = AwsCrypto.builder()
                    .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt).build();
            KmsMasterKeyProvider appKeys = KmsMasterKeyProvider.builder()
                    .customRegionalClientSupplier(region -> fx.limited()).buildStrict(arn);
            byte[] plaintext = "orders of tenant 42".getBytes(StandardCharsets.UTF_8);
            Map<String, String> context = Map.of("tenant", "42");
            // no grant yet: the key policy does not name the application
            Exception refused = assertThrows(Exception.class, () -> esdk.encryptData(appKeys, plaintext, context));
            assertTrue(chain(refused).contains("User: " + APP + " is not authorized to perform: kms:GenerateDataKey"),
                    chain(refused));

            CreateGrantResponse grant = fx.admin().createGrant(r -> r.keyId(arn).granteePrincipal(APP)
                    .operations(GrantOperation.GENERATE_DATA_KEY, GrantOperation.DECRYPT)
                    .constraints(c -> c.encryptionContextSubset(context)));
            KmsMasterKeyProvider withGrant = appKeys.withGrantTokens(grant.grantToken());
            byte[] message = esdk.encryptData(withGrant, plaintext, context).getResult();
            assertArrayEquals(plaintext, esdk.decryptData(withGrant, message).getResult());
            // another tenant is outside the grant's constraint
            Exception other = assertThrows(Exception.class,
                    () -> esdk.encryptData(withGrant, plaintext, Map.of("tenant", "43")));
            assertTrue(chain(other).contains("is not authorized to perform"), chain(other));
            // a token that is not the endpoint's is refused
            Exception bogus = assertThrows(Exception.class,
                    () -> esdk.encryptData(appKeys.withGrantTokens("not-a-grant-token"), plaintext, context));
            assertTrue(chain(bogus).contains("The grant token is not valid"), chain(bogus));
        }
    }

    private static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
            for (Throwable s : c.getSuppressed()) {
                b.append("suppressed ").append(s.getMessage()).append(" | ");
            }
        }
        return b.toString();
    }
}
