package org.envelopejca.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.WrappingKey;
import org.envelopejca.cipher.EnvelopeCipher;
import org.envelopejca.message.AlgorithmSuite;
import org.envelopejca.message.CommitmentPolicy;
import org.envelopejca.vectors.EnvelopeVectorCatalog.KeySubset;
import org.envelopejca.vectors.EnvelopeVectorCatalog.KeyUse;
import org.envelopejca.vectors.EnvelopeVectorCatalog.Negative;
import org.envelopejca.vectors.EnvelopeVectorCatalog.Plaintext;
import org.envelopejca.vectors.EnvelopeVectorCatalog.Positive;

/**
 * Writes the project's decrypt vectors ({@link EnvelopeVectorCatalog}) as an "awses-decrypt" manifest version 4 with
 * a keys manifest version 3, ciphertexts and plaintexts (test vector framework, features/0004 and 0002), so that other
 * ESDK implementations can check that they read what this provider writes.
 *
 * <p>Keys are fixed: the AES keys are derived from their names, the RSA key pair is generated once and then read back
 * from the existing {@code keys.json}. Plaintexts are derived from their names. Ciphertexts change on every run
 * (random message IDs, IVs and signing keys). Usage: {@code EnvelopeVectorGenerator [output folder]}; see the README.
 */
public final class EnvelopeVectorGenerator {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final KeysManifest keys;
    private final Map<String, byte[]> ciphertexts = new HashMap<>();

    private EnvelopeVectorGenerator(Path dir, KeysManifest keys) {
        this.dir = dir;
        this.keys = keys;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : EnvelopeVectorCatalog.FOLDER);
        generate(dir);
        System.out.println("wrote " + EnvelopeVectorCatalog.testNames().size() + " vectors to " + dir);
    }

    public static void generate(Path dir) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        ObjectNode keysJson = keysManifest(dir.resolve("keys.json"));
        Path keysFile = dir.resolve("keys.json");
        JSON.writeValue(keysFile.toFile(), keysJson);
        EnvelopeVectorGenerator g = new EnvelopeVectorGenerator(dir, KeysManifest.load(keysFile));
        g.clean("ciphertexts");
        g.clean("plaintexts");
        for (Plaintext p : EnvelopeVectorCatalog.PLAINTEXTS) {
            Files.write(dir.resolve("plaintexts").resolve(p.name()), plaintextBytes(p));
        }
        ObjectNode tests = JSON.createObjectNode();
        for (Positive p : EnvelopeVectorCatalog.POSITIVES) {
            byte[] message = g.encrypt(p);
            g.ciphertexts.put(p.name(), message);
            Files.write(dir.resolve("ciphertexts").resolve(p.name()), message);
            tests.set(p.name(), test(p.description(), p.name(), p.keys(), fullContext(p), output(p.plaintext())));
        }
        for (KeySubset s : EnvelopeVectorCatalog.KEY_SUBSETS) {
            Positive base = EnvelopeVectorCatalog.positive(s.base());
            tests.set(s.name(), test(s.description(), base.name(), s.keys(), fullContext(base),
                    output(base.plaintext())));
        }
        for (Negative n : EnvelopeVectorCatalog.NEGATIVES) {
            Positive base = EnvelopeVectorCatalog.positive(n.base());
            byte[] damaged = n.damage().apply(g.ciphertexts.get(base.name()));
            Files.write(dir.resolve("ciphertexts").resolve(n.name()), damaged);
            ObjectNode error = JSON.createObjectNode();
            error.putObject("error").put("error-description", n.description());
            // with the original context expected, a reader would reject the changed value before the header tag
            Map<String, String> expected = switch (n.damage()) {
                case FLIP_CONTEXT_BYTE -> Map.of();
                case WITHHOLD_REQUIRED_CONTEXT -> base.context();
                default -> fullContext(base);
            };
            tests.set(n.name(), test(n.description(), n.name(), base.keys(), expected, error));
        }
        ObjectNode manifest = JSON.createObjectNode();
        manifest.putObject("manifest").put("type", "awses-decrypt").put("version", 4);
        manifest.putObject("client").put("name", "envelope-jca").put("version", "0.1.0");
        manifest.put("keys", "file://keys.json");
        manifest.set("tests", tests);
        JSON.writeValue(dir.resolve("manifest.json").toFile(), manifest);
    }

    /** Encrypts a positive vector and checks, before it is written, that it decrypts again. */
    private byte[] encrypt(Positive p) throws IOException, GeneralSecurityException {
        AlgorithmSuite suite = AlgorithmSuite.byId(p.suiteId()).orElseThrow();
        Cipher c = Cipher.getInstance(JcaDecryption.TRANSFORMATION, JcaDecryption.PROVIDER);
        c.init(Cipher.ENCRYPT_MODE, jcaKey(p.keys().get(0).encryptEntry()), spec(p, suite, KeyUse::encryptEntry));
        if (p.aad() != null) {
            c.updateAAD(p.aad().getBytes(StandardCharsets.UTF_8));
        }
        byte[] plaintext = Files.readAllBytes(dir.resolve("plaintexts").resolve(p.plaintext()));
        byte[] message = c.doFinal(plaintext);

        MessageLayout layout = MessageLayout.parse(message);
        if (layout.suiteId() != p.suiteId() || layout.frameLength() != p.frameLength()
                || layout.edkCount() != p.keys().size()) {
            throw new IllegalStateException(p.name() + ": the message header does not say what was asked for");
        }
        Cipher d = Cipher.getInstance(JcaDecryption.TRANSFORMATION, JcaDecryption.PROVIDER);
        d.init(Cipher.DECRYPT_MODE, jcaKey(p.keys().get(0).decryptEntry()), spec(p, suite, KeyUse::decryptEntry));
        if (p.aad() != null) {
            d.updateAAD(p.aad().getBytes(StandardCharsets.UTF_8));
        }
        if (!Arrays.equals(plaintext, d.doFinal(message))) {
            throw new IllegalStateException(p.name() + ": does not decrypt to its plaintext");
        }
        return message;
    }

    /** The spec of a vector, its keys taken from the entries {@code entry} picks (encrypting or decrypting). */
    private EnvelopeParameterSpec spec(Positive p, AlgorithmSuite suite, Function<KeyUse, String> entry) {
        KeyUse first = p.keys().get(0);
        EnvelopeParameterSpec.Builder spec = EnvelopeParameterSpec.builder()
                .encryptionContext(p.context())
                .algorithmSuite(suite)
                .frameLength(p.frameLength())
                .commitmentPolicy(suite.isCommitting() ? CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
                        : CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
                .keyNamespace(EnvelopeVectorCatalog.NAMESPACE)
                .keyName(keyId(first))
                .rsaPadding(padding(first));
        for (KeyUse k : p.keys().subList(1, p.keys().size())) {
            spec.additionalKey(new WrappingKey(jcaKey(entry.apply(k)), EnvelopeVectorCatalog.NAMESPACE, keyId(k),
                    padding(k)));
        }
        return spec.build();
    }

    private Key jcaKey(String entry) {
        return keys.key(entry).flatMap(KeyEntry::jcaKey).orElseThrow(
                () -> new IllegalStateException("no usable key " + entry));
    }

    private String keyId(KeyUse k) {
        return keys.key(k.decryptEntry()).orElseThrow().keyId();
    }

    private static org.envelopejca.keyring.RsaPadding padding(KeyUse k) {
        return k.isRsa() ? k.padding() : WrappingKey.DEFAULT_RSA_PADDING;
    }

    private static ObjectNode test(String description, String ciphertext, List<KeyUse> keys,
                                   Map<String, String> context, ObjectNode result) {
        ObjectNode t = JSON.createObjectNode();
        t.put("description", description);
        t.put("ciphertext", "file://ciphertexts/" + ciphertext);
        ArrayNode masterKeys = t.putArray("master-keys");
        for (KeyUse k : keys) {
            ObjectNode mk = masterKeys.addObject()
                    .put("type", "raw")
                    .put("key", k.decryptEntry())
                    .put("provider-id", EnvelopeVectorCatalog.NAMESPACE)
                    .put("encryption-algorithm", k.isRsa() ? "rsa" : "aes");
            if (k.isRsa()) {
                String[] names = MasterKeySpec.manifestNames(k.padding());
                mk.put("padding-algorithm", names[0]);
                if (names[1] != null) {
                    mk.put("padding-hash", names[1]);
                }
            }
        }
        // the required-context CMM of other implementations serves what updateAAD bound
        t.put("cmm", context.containsKey(EnvelopeCipher.AAD_CONTEXT_KEY) ? "RequiredEncryptionContext" : "Default");
        ObjectNode ec = t.putObject("encryption-context");
        new TreeMap<>(context).forEach(ec::put);
        t.set("result", result);
        return t;
    }

    /** Stored context plus the required entry that carries the vector's updateAAD bytes. */
    static Map<String, String> fullContext(Positive p) {
        if (p.aad() == null) {
            return p.context();
        }
        Map<String, String> full = new TreeMap<>(p.context());
        full.put(EnvelopeCipher.AAD_CONTEXT_KEY,
                Base64.getEncoder().encodeToString(p.aad().getBytes(StandardCharsets.UTF_8)));
        return full;
    }

    private static ObjectNode output(String plaintext) {
        ObjectNode result = JSON.createObjectNode();
        result.putObject("output").put("plaintext", "file://plaintexts/" + plaintext);
        return result;
    }

    /** AES keys derived from their names; the RSA pair from the existing keys manifest, else a new one. */
    private static ObjectNode keysManifest(Path existing) throws IOException, GeneralSecurityException {
        String privatePem = null;
        String publicPem = null;
        if (Files.exists(existing)) {
            JsonNode old = JSON.readTree(existing.toFile()).path("keys");
            privatePem = old.path("rsa-2048-private").path("material").asText(null);
            publicPem = old.path("rsa-2048-public").path("material").asText(null);
        }
        if (privatePem == null || publicPem == null) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair pair = g.generateKeyPair();
            privatePem = KeyEntry.pem("PRIVATE KEY", pair.getPrivate().getEncoded());
            publicPem = KeyEntry.pem("PUBLIC KEY", pair.getPublic().getEncoded());
        }
        ObjectNode root = JSON.createObjectNode();
        root.putObject("manifest").put("type", "keys").put("version", 3);
        ObjectNode keys = root.putObject("keys");
        for (int bits : new int[] {128, 192, 256}) {
            String name = "aes-" + bits;
            keys.putObject(name).put("encrypt", true).put("decrypt", true).put("type", "symmetric")
                    .put("key-id", name).put("algorithm", "aes").put("bits", bits).put("encoding", "base64")
                    .put("material", Base64.getEncoder().encodeToString(derive("key " + name, bits / 8)));
        }
        keys.putObject("rsa-2048-private").put("encrypt", true).put("decrypt", true).put("type", "private")
                .put("key-id", "rsa-2048").put("algorithm", "rsa").put("bits", 2048).put("encoding", "pem")
                .put("material", privatePem);
        keys.putObject("rsa-2048-public").put("encrypt", true).put("decrypt", false).put("type", "public")
                .put("key-id", "rsa-2048").put("algorithm", "rsa").put("bits", 2048).put("encoding", "pem")
                .put("material", publicPem);
        return root;
    }

    /** The plaintext's bytes: SHA-256 in counter mode over its name, so that regenerating keeps them. */
    public static byte[] plaintextBytes(Plaintext p) {
        return derive("plaintext " + p.name(), p.length());
    }

    private static byte[] derive(String label, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] out = new byte[length];
            byte[] prefix = ("envelope-vectors " + label).getBytes(StandardCharsets.UTF_8);
            for (int counter = 0, off = 0; off < length; counter++, off += 32) {
                sha.update(prefix);
                byte[] block = sha.digest(ByteBuffer.allocate(4).putInt(counter).array());
                System.arraycopy(block, 0, out, off, Math.min(32, length - off));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void clean(String sub) throws IOException {
        Path folder = dir.resolve(sub);
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
    }
}
