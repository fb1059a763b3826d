package org.envelopejca.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An "awses-decrypt" manifest (test vector framework, features/0004-awses-message-decryption.md), versions 1 to 5.
 * Versions 1-4 list "master-keys" per test (v4 adds "cmm" and "encryption-context"); version 5 wraps each test in a
 * "decryption-scenario" with a keyring description and a reproduced encryption context.
 */
public record DecryptManifest(int version, String clientName, String clientVersion, Path keysFile,
                              List<DecryptTestCase> tests) {

    public DecryptManifest {
        tests = List.copyOf(tests);
    }

    public static DecryptManifest load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode manifest = root.path("manifest");
        if (!"awses-decrypt".equals(manifest.path("type").asText())) {
            throw new IOException(file.getFileName() + " is not an awses-decrypt manifest");
        }
        int version = manifest.path("version").asInt();
        if (version < 1 || version > 5) {
            throw new IOException("unsupported awses-decrypt manifest version " + version);
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        List<DecryptTestCase> tests = new ArrayList<>();
        for (var e : root.path("tests").properties()) {
            tests.add(version >= 5 ? scenarioTest(dir, e.getKey(), e.getValue().path("decryption-scenario"))
                    : masterKeyTest(dir, e.getKey(), e.getValue()));
        }
        return new DecryptManifest(version, root.path("client").path("name").asText(),
                root.path("client").path("version").asText(), resolve(dir, root.path("keys").asText()), tests);
    }

    /** Versions 1-4. */
    private static DecryptTestCase masterKeyTest(Path dir, String id, JsonNode t) throws IOException {
        List<MasterKeySpec> keys = new ArrayList<>();
        for (JsonNode mk : t.path("master-keys")) {
            keys.add(masterKey(mk));
        }
        Optional<Path> plaintext;
        String error = null;
        JsonNode result = t.path("result");
        if (t.hasNonNull("plaintext")) {
            plaintext = Optional.of(resolve(dir, t.get("plaintext").asText()));
        } else if (result.has("output")) {
            plaintext = Optional.of(resolve(dir, result.path("output").path("plaintext").asText()));
        } else if (result.has("error")) {
            plaintext = Optional.empty();
            error = result.path("error").path("error-description").asText("error");
        } else {
            throw new IOException("test " + id + " has neither an output nor an error result");
        }
        String cmm = t.path("cmm").asText("Default");
        String unsupported = switch (cmm) {
            // a required-context CMM is served by handing the decryptor the full context (EnvelopeParameterSpec)
            case "Default", "RequiredEncryptionContext" -> null;
            default -> "cmm " + cmm;
        };
        String description = t.hasNonNull("description") ? t.get("description").asText() : id;
        return new DecryptTestCase(id, description, resolve(dir, t.path("ciphertext").asText()), plaintext, error,
                keys, unsupported, stringMap(t.path("encryption-context")), "RequiredEncryptionContext".equals(cmm),
                suiteFromName(id));
    }

    /** Version 5. */
    private static DecryptTestCase scenarioTest(Path dir, String id, JsonNode s) throws IOException {
        String type = s.path("type").asText();
        Optional<Path> plaintext;
        String error = null;
        switch (type) {
            case "positive-esdk" -> plaintext = Optional.of(resolve(dir, s.path("result").asText()));
            case "negative-esdk" -> {
                plaintext = Optional.empty();
                error = s.path("errorDescription").asText("error");
            }
            default -> throw new IOException("test " + id + " has an unknown scenario type " + type);
        }
        List<MasterKeySpec> keys = new ArrayList<>();
        String unsupported = flattenKeyring(s.path("decryptKeyDescription"), keys);
        int suite = s.hasNonNull("algorithmSuiteId") ? Integer.parseInt(s.get("algorithmSuiteId").asText(), 16) : -1;
        return new DecryptTestCase(id, s.path("description").asText(id), resolve(dir, s.path("ciphertext").asText()),
                plaintext, error, keys, unsupported, stringMap(s.path("reproduced-encryption-context")),
                "required-encryption-context-cmm".equals(s.path("decryptKeyDescription").path("type").asText()), suite);
    }

    /** Manifests before v5 carry no suite field; the ESDK-.NET ones start each test name with the suite ID. */
    private static int suiteFromName(String id) {
        return id.matches("[0-9a-fA-F]{4}-.*") ? Integer.parseInt(id.substring(0, 4), 16) : -1;
    }

    /** Collects the raw keys of a v5 keyring description; returns the first unsupported keyring type, else null. */
    private static String flattenKeyring(JsonNode d, List<MasterKeySpec> out) {
        String type = d.path("type").asText();
        switch (type) {
            case "raw" -> {
                out.add(masterKey(d));
                return null;
            }
            case "multi-keyring" -> {
                String unsupported = null;
                if (d.hasNonNull("generator")) {
                    unsupported = flattenKeyring(d.get("generator"), out);
                }
                for (JsonNode child : d.path("childKeyrings")) {
                    String u = flattenKeyring(child, out);
                    unsupported = unsupported != null ? unsupported : u;
                }
                return unsupported;
            }
            // the reproduced context goes to the decryptor as its expected context; the underlying keyring decrypts
            case "required-encryption-context-cmm" -> {
                return flattenKeyring(d.path("underlying"), out);
            }
            default -> {
                return "keyring " + type;
            }
        }
    }

    private static MasterKeySpec masterKey(JsonNode mk) {
        return new MasterKeySpec(mk.path("type").asText(), mk.path("key").asText(null),
                mk.path("provider-id").asText(null), mk.path("encryption-algorithm").asText(null),
                mk.path("padding-algorithm").asText(null), mk.path("padding-hash").asText(null));
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /** Resolves a manifest URI ("file://relative/path") against the manifest's folder. */
    static Path resolve(Path dir, String uri) throws IOException {
        if (!uri.startsWith("file://")) {
            throw new IOException("unsupported URI scheme: " + uri);
        }
        Path p = dir.resolve(uri.substring("file://".length())).normalize();
        if (!p.startsWith(dir)) {
            throw new IOException("URI points outside the manifest folder: " + uri);
        }
        return p;
    }
}
