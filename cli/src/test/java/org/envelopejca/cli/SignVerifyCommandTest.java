package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.local.LocalKmsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keys create --usage SIGN_VERIFY, sign and verify, and their exit codes. */
class SignVerifyCommandTest {
    @TempDir
    Path dir;

    @Test
    void createSignVerify() throws Exception {
        KmsStore kms = KmsStore.in(dir);
        JsonNode key = kms.json("keys create", "--alias", "release", "--usage", "SIGN_VERIFY", "--spec", "ECC_NIST_P256");
        assertEquals("SIGN_VERIFY", key.get("keyUsage").asText());
        assertEquals("ECDSA_SHA_256", key.get("signingAlgorithms").get(0).asText());
        assertTrue(kms.ok("keys describe", "release").contains("usage:"));

        Path file = Files.write(dir.resolve("artifact.bin"), new byte[300_000]);
        Path signature = dir.resolve("artifact.sig");
        String signed = kms.ok("sign", "--key", "release", "--in", file.toString(), "--out", signature.toString());
        assertTrue(signed.contains("ECDSA_SHA_256"), signed);
        assertTrue(kms.ok("verify", "--key", "release", "--in", file.toString(), "--signature", signature.toString())
                .startsWith("valid"));

        // the JDK agrees, with the public key KMS gives
        byte[] der;
        try (LocalKms local = LocalKms.open(kms.dir, LocalKmsOptions.defaults())) {
            der = local.getPublicKey("alias/release").publicKey();
        }
        PublicKey pub = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(pub);
        v.update(Files.readAllBytes(file));
        assertTrue(v.verify(Files.readAllBytes(signature)));

        // another file: not valid, exit code 1
        Path other = Files.write(dir.resolve("other.bin"), new byte[]{1, 2, 3});
        CliRun invalid = kms.run("verify", "--key", "release", "--in", other.toString(), "--signature",
                signature.toString());
        assertEquals(EnvelopeCli.DECRYPTION_FAILED, invalid.exitCode(), invalid::toString);
    }

    @Test
    void wrongUsageOrSpecIsAUsageError() throws Exception {
        KmsStore kms = KmsStore.in(dir);
        assertEquals(EnvelopeCli.USAGE, kms.run("keys create", "--usage", "SIGN_VERIFY").exitCode());
        assertEquals(EnvelopeCli.USAGE, kms.run("keys create", "--spec", "ECC_NIST_P384").exitCode());
        kms.ok("keys create", "--alias", "data");
        Path file = Files.write(dir.resolve("f.bin"), new byte[]{1});
        CliRun r = kms.run("sign", "--key", "data", "--in", file.toString(), "--out", dir.resolve("s").toString());
        assertEquals(EnvelopeCli.USAGE, r.exitCode(), r::toString);
        kms.ok("keys create", "--alias", "p256", "--usage", "SIGN_VERIFY", "--spec", "ECC_NIST_P256");
        CliRun wrongAlgorithm = kms.run("sign", "--key", "p256", "--algorithm", "ECDSA_SHA_384", "--in",
                file.toString(), "--out", dir.resolve("s").toString());
        assertEquals(EnvelopeCli.USAGE, wrongAlgorithm.exitCode(), wrongAlgorithm::toString);
        assertTrue(!Files.exists(dir.resolve("s")), "no signature file after a refusal");
    }
}
