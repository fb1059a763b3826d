package org.envelopejca.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.WrappingKey;
import org.envelopejca.keyring.RsaPadding;
import org.envelopejca.message.CommitmentPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How manifest tests become JCA decryptions, and which ones are reported as skipped. */
class JcaDecryptionPlanTest {

    private static KeysManifest keys;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        String aes = Base64.getEncoder().encodeToString(new byte[32]);
        keys = new KeysManifest(3, Map.of(
                "aes-256", new KeyEntry("aes-256", "aes-256-id", "symmetric", "aes", "base64", aes, true),
                "rsa-private", new KeyEntry("rsa-private", "rsa", "private", "rsa", "pem",
                        KeyEntry.pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true),
                "rsa-public", new KeyEntry("rsa-public", "rsa", "public", "rsa", "pem",
                        KeyEntry.pem("PUBLIC KEY", pair.getPublic().getEncoded()), false),
                "kms", new KeyEntry("kms", "arn:aws:kms:us-west-2:000000000000:key/k", "aws-kms", null, null, null,
                        true)));
    }

    @Test
    void firstKeyIsTheInitKeyAndTheOthersAreAdditional() {
        JcaDecryption d = plan(List.of(
                new MasterKeySpec("raw", "rsa-private", "ns-rsa", "rsa", "pkcs1", "sha1"),
                new MasterKeySpec("raw", "rsa-public", "ns-rsa", "rsa", "oaep-mgf1", "sha256"),
                new MasterKeySpec("raw", "aes-256", "ns-aes", "aes", null, null)), Map.of("k", "v"))
                .decryption().orElseThrow();
        EnvelopeParameterSpec spec = d.spec();
        assertEquals("RSA", d.initKey().getAlgorithm());
        assertEquals("ns-rsa", spec.keyNamespace());
        assertEquals("rsa", spec.keyName(), "the key-id is the key name");
        assertEquals(RsaPadding.PKCS1, spec.rsaPadding(), "pkcs1 ignores the hash");
        assertEquals(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT, spec.commitmentPolicy());
        assertEquals(Map.of("k", "v"), spec.encryptionContext());
        List<WrappingKey> more = spec.additionalKeys();
        assertEquals(1, more.size(), "the public key (decrypt: false) is left out");
        assertEquals("ns-aes", more.get(0).namespace());
        assertEquals("aes-256-id", more.get(0).name());
    }

    @Test
    void oaepHashesMapToPaddings() {
        for (var e : Map.of("sha1", RsaPadding.OAEP_SHA1_MGF1, "sha256", RsaPadding.OAEP_SHA256_MGF1,
                "sha384", RsaPadding.OAEP_SHA384_MGF1, "sha512", RsaPadding.OAEP_SHA512_MGF1).entrySet()) {
            assertSame(e.getValue(), new MasterKeySpec("raw", "rsa-private", "ns", "rsa", "oaep-mgf1", e.getKey())
                    .rsaPadding());
        }
    }

    @Test
    void kmsOnlyTestIsSkippedWithItsReason() {
        JcaDecryption.Plan plan = plan(List.of(new MasterKeySpec("aws-kms", "kms", null, null, null, null)), Map.of());
        assertTrue(plan.decryption().isEmpty());
        assertTrue(plan.skipReason().contains("aws-kms key kms"), plan.skipReason());
    }

    @Test
    void publicKeyOnlyTestIsSkipped() {
        JcaDecryption.Plan plan = plan(List.of(new MasterKeySpec("raw", "rsa-public", "ns", "rsa", "pkcs1", null)),
                Map.of());
        assertTrue(plan.decryption().isEmpty(), "an RSA public key cannot decrypt");
    }

    @Test
    void unknownKeyringTypeIsSkipped() {
        DecryptTestCase test = new DecryptTestCase("t", "t", Path.of("c"), Optional.of(Path.of("p")), null,
                List.of(), "keyring hierarchy", Map.of(), false, -1);
        assertEquals("uses keyring hierarchy", JcaDecryption.plan(test, keys).skipReason());
    }

    private static JcaDecryption.Plan plan(List<MasterKeySpec> masterKeys, Map<String, String> context) {
        return JcaDecryption.plan(new DecryptTestCase("t", "t", Path.of("c"), Optional.of(Path.of("p")), null,
                masterKeys, null, context, false, -1), keys);
    }
}
