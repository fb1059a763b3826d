package org.envelopejca.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.envelopejca.kms.KmsErrorCode;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed reads of a request's JSON members, as KMS checks them: a member of the wrong JSON type is a
 * SerializationException, a missing required member or a value outside its constraints a ValidationException.
 * Members the operation does not know are ignored (clients may send newer ones).
 */
final class Members {
    /** KMS: at most 64 encryption context pairs are not documented, but keys and values are bounded; ours. */
    static final int MAX_CONTEXT_ENTRIES = 256;
    static final int MAX_STRING = 8192;

    private final ObjectNode body;

    Members(ObjectNode body) {
        this.body = body;
    }

    /** A string member of at most {@code max} characters (a key policy: KMS allows 131072), or null. */
    String longString(String name, int max) throws WireError {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw typeError(name, "a string");
        }
        if (n.textValue().length() > max) {
            throw validation(name, "Member must have length less than or equal to " + max);
        }
        return n.textValue();
    }

    /** A list of strings (Operations, GrantTokens), at most {@code max} entries; empty when absent. */
    java.util.List<String> strings(String name, int max) throws WireError {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return java.util.List.of();
        }
        if (!n.isArray()) {
            throw typeError(name, "a list");
        }
        if (n.size() > max) {
            throw validation(name, "Member must have length less than or equal to " + max);
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual() || e.textValue().length() > MAX_STRING) {
                throw typeError(name, "a list of strings");
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** A structure member (Constraints), or null. */
    Members structure(String name) throws WireError {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw typeError(name, "a structure");
        }
        return new Members((ObjectNode) n);
    }

    /** Whether the member is present (and not JSON null). */
    boolean has(String name) {
        JsonNode n = body.get(name);
        return n != null && !n.isNull();
    }

    /** A string member, or null when absent or JSON null. */
    String string(String name) throws WireError {
        return longString(name, MAX_STRING);
    }

    String requiredString(String name) throws WireError {
        String s = string(name);
        if (s == null) {
            throw validation(name, "Member must not be null");
        }
        if (s.isEmpty()) {
            throw validation(name, "Member must have length greater than or equal to 1");
        }
        return s;
    }

    /** An integer member, or null. */
    Integer integer(String name) throws WireError {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw typeError(name, "an integer");
        }
        return n.intValue();
    }

    boolean bool(String name, boolean dflt) throws WireError {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw typeError(name, "a boolean");
        }
        return n.booleanValue();
    }

    /** A blob member (standard base64), or null. */
    byte[] blob(String name) throws WireError {
        String s;
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw typeError(name, "a base64 string");
        }
        s = n.textValue();
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw WireError.client(WireError.SERIALIZATION, "Member " + name + " is not valid base64");
        }
    }

    byte[] requiredBlob(String name) throws WireError {
        byte[] b = blob(name);
        if (b == null) {
            throw validation(name, "Member must not be null");
        }
        if (b.length == 0) {
            throw validation(name, "Member must have length greater than or equal to 1");
        }
        return b;
    }

    /** A string-to-string map (an encryption context); empty when absent. */
    Map<String, String> context(String name) throws WireError {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw typeError(name, "a map");
        }
        if (n.size() > MAX_CONTEXT_ENTRIES) {
            throw validation(name, "Member must have at most " + MAX_CONTEXT_ENTRIES + " entries");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getValue().isTextual()) {
                throw typeError(name + "." + e.getKey(), "a string");
            }
            if (e.getKey().length() > MAX_STRING || e.getValue().textValue().length() > MAX_STRING) {
                throw validation(name, "Map keys and values must have length less than or equal to " + MAX_STRING);
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    /** An enum-valued string member, or null; a value outside the enum is a ValidationException. */
    <E extends Enum<E>> E enumValue(String name, Class<E> type) throws WireError {
        String s = string(name);
        if (s == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(s)) {
                return e;
            }
        }
        throw validation(name, "Member must satisfy enum value set");
    }

    static WireError validation(String name, String constraint) {
        return WireError.of(KmsErrorCode.VALIDATION, "1 validation error detected: Value at '" + lowerFirst(name)
                + "' failed to satisfy constraint: " + constraint);
    }

    private static WireError typeError(String name, String expected) {
        return WireError.client(WireError.SERIALIZATION, "Member " + name + " must be " + expected);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
