package org.envelopejca.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.MasterKeyProvider;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import com.amazonaws.encryptionsdk.multi.MultipleProviderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.envelopejca.keyring.RsaPadding;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The ESDK for Java, configured from our manifest with its JceMasterKey under the same key namespace and name, reads
 * every positive vector this project publishes to its plaintext and context, and rejects every negative one. It
 * rejects the vectors with required context (updateAAD) as well: version 2.4.1 cannot supply that context.
 */
class EsdkJavaReadsEnvelopeVectorsTest {

    private static final AwsCrypto ESDK = AwsCrypto.builder()
            .withCommitmentPolicy(CommitmentPolicy.RequireEncryptAllowDecrypt).build();

    @TestFactory
    Stream<DynamicTest> esdkDecryptsOurVectors() throws IOException {
        DecryptManifest manifest = DecryptManifest.load(EnvelopeVectorsTest.DIR.resolve("manifest.json"));
        KeysManifest keys = KeysManifest.load(manifest.keysFile());
        assertEquals(EnvelopeVectorCatalog.testNames().size(), manifest.tests().size(), "tests in our manifest");
        return manifest.tests().stream().map(test -> DynamicTest.dynamicTest(test.id(), () -> {
            MasterKeyProvider<?> provider = masterKeys(test, keys);
            byte[] message = Files.readAllBytes(test.ciphertext());
            if (test.requiredContext()) {
                // the ESDK for Java 2.x has no required-encryption-context CMM: it cannot supply the context, and
                // must therefore reject the message
                assertThrows(Exception.class, () -> ESDK.decryptData(provider, message));
            } else if (test.isPositive()) {
                CryptoResult<byte[], ?> result = ESDK.decryptData(provider, message);
                assertArrayEquals(Files.readAllBytes(test.plaintext().orElseThrow()), result.getResult());
                Map<String, String> stored = new HashMap<>(result.getEncryptionContext());
                stored.remove("aws-crypto-public-key");
                assertEquals(test.encryptionContext(), stored, "stored encryption context");
            } else {
                assertThrows(Exception.class, () -> ESDK.decryptData(provider, message));
            }
        }));
    }

    private static MasterKeyProvider<?> masterKeys(DecryptTestCase test, KeysManifest keys) {
        List<JceMasterKey> list = new ArrayList<>();
        for (MasterKeySpec mk : test.masterKeys()) {
            KeyEntry entry = keys.key(mk.key()).orElseThrow();
            if ("aes".equals(mk.encryptionAlgorithm())) {
                list.add(JceMasterKey.getInstance((SecretKey) entry.jcaKey().orElseThrow(), mk.providerId(),
                        entry.keyId(), "AES/GCM/NoPadding"));
            } else {
                PublicKey publicKey = keys.keys().values().stream()
                        .filter(k -> "public".equals(k.type()) && k.keyId().equals(entry.keyId()))
                        .map(k -> (PublicKey) k.jcaKey().orElseThrow()).findFirst().orElse(null);
                list.add(JceMasterKey.getInstance(publicKey, (PrivateKey) entry.jcaKey().orElseThrow(),
                        mk.providerId(), entry.keyId(), esdkRsaTransformation(mk.rsaPadding())));
            }
        }
        return list.size() == 1 ? list.get(0) : MultipleProviderFactory.buildMultiProvider(list);
    }

    /** The ESDK for Java names RSA wrapping by JCA transformation and uses MGF1 with the OAEP hash. */
    private static String esdkRsaTransformation(RsaPadding padding) {
        return padding == RsaPadding.PKCS1 ? "RSA/ECB/PKCS1Padding"
                : "RSA/ECB/OAEPWith" + padding.oaepHash() + "AndMGF1Padding";
    }
}
