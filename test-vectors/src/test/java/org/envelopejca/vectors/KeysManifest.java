package org.envelopejca.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A keys manifest (test vector framework, features/0002-keys.md; versions 1 to 3 share the fields read here). */
public record KeysManifest(int version, Map<String, KeyEntry> keys) {

    public KeysManifest {
        keys = Map.copyOf(keys);
    }

    public static KeysManifest load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode manifest = root.path("manifest");
        if (!"keys".equals(manifest.path("type").asText())) {
            throw new IOException(file.getFileName() + " is not a keys manifest");
        }
        Map<String, KeyEntry> keys = new LinkedHashMap<>();
        root.path("keys").properties().forEach(e -> {
            JsonNode k = e.getValue();
            keys.put(e.getKey(), new KeyEntry(e.getKey(),
                    k.hasNonNull("key-id") ? k.get("key-id").asText() : e.getKey(),
                    text(k, "type"), text(k, "algorithm"), text(k, "encoding"), text(k, "material"),
                    k.path("decrypt").asBoolean(false)));
        });
        return new KeysManifest(manifest.path("version").asInt(), keys);
    }

    public Optional<KeyEntry> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
