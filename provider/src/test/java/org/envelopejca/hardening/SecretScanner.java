package org.envelopejca.hardening;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Secrets (key bytes, plaintexts, passwords) and the places they must never appear (captured text, files). A
 * secret is searched for as raw bytes, lower- and upper-case hex, base64 (standard and URL-safe, padded or not),
 * and the {@code Arrays.toString} form; text is searched as UTF-8 and as ISO-8859-1 (a byte per char, what
 * {@code new String(bytes, ISO_8859_1)} would have printed).
 */
final class SecretScanner {
    private final Map<String, byte[]> secrets = new LinkedHashMap<>();
    private final Map<String, byte[]> haystacks = new LinkedHashMap<>();

    void secret(String name, byte[] bytes) {
        if (bytes.length >= 8) {
            secrets.put(name + " #" + secrets.size(), bytes.clone());
        }
    }

    void text(String where, String text) {
        haystacks.put(where + " (UTF-8) #" + haystacks.size(), text.getBytes(StandardCharsets.UTF_8));
        haystacks.put(where + " (ISO-8859-1) #" + haystacks.size(), text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void bytes(String where, byte[] content) {
        haystacks.put(where + " #" + haystacks.size(), content);
    }

    int secretCount() {
        return secrets.size();
    }

    int haystackCount() {
        return haystacks.size();
    }

    /** Every (secret, form, place) found; empty when nothing leaked. */
    List<String> findings() {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, byte[]> secret : secrets.entrySet()) {
            Map<String, byte[]> forms = forms(secret.getValue());
            for (Map.Entry<String, byte[]> haystack : haystacks.entrySet()) {
                for (Map.Entry<String, byte[]> form : forms.entrySet()) {
                    if (indexOf(haystack.getValue(), form.getValue()) >= 0) {
                        found.add(secret.getKey() + " as " + form.getKey() + " in " + haystack.getKey());
                    }
                }
            }
        }
        return found;
    }

    private static Map<String, byte[]> forms(byte[] secret) {
        Map<String, byte[]> forms = new LinkedHashMap<>();
        forms.put("raw bytes", secret);
        forms.put("hex", ascii(HexFormat.of().formatHex(secret)));
        forms.put("HEX", ascii(HexFormat.of().withUpperCase().formatHex(secret)));
        forms.put("base64", ascii(Base64.getEncoder().withoutPadding().encodeToString(secret)));
        forms.put("base64url", ascii(Base64.getUrlEncoder().withoutPadding().encodeToString(secret)));
        String list = Arrays.toString(secret);
        forms.put("Arrays.toString", ascii(list.substring(1, list.length() - 1)));
        return forms;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
