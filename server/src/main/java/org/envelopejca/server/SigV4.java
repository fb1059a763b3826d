package org.envelopejca.server;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pieces of AWS Signature Version 4 (header signing) as the AWS General Reference describes them: canonical
 * request, string to sign, signing key and signature. Pure functions, shared by the server's verifier and the tests.
 */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String TERMINATOR = "aws4_request";
    private static final HexFormat HEX = HexFormat.of();
    // One instance per thread: the JCA lookup behind getInstance costs more than the hashing of a request.
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    });
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    });

    private SigV4() {
    }

    /**
     * The canonical request: method, canonical URI, canonical query string, the signed headers as
     * {@code name:value} lines, the signed header list, the payload hash.
     *
     * @param path          the request path as the client signed it (for services other than S3 that is the path as
     *                      sent on the wire, which is encoded once more here)
     * @param query         the raw query string, or null
     * @param headers       every header of the request, names in any case, each with its values in arrival order
     * @param signedHeaders the lower-case names the client signed, sorted
     * @param normalize     remove dot segments and empty segments from the path (all services except S3)
     * @throws IllegalArgumentException a signed header is absent from the request
     */
    public static String canonicalRequest(String method, String path, String query, Map<String, List<String>> headers,
                                          List<String> signedHeaders, String payloadHash, boolean normalize) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append('\n');
        sb.append(canonicalUri(path, normalize)).append('\n');
        sb.append(canonicalQuery(query)).append('\n');
        for (String name : signedHeaders) {
            List<String> values = headerValues(headers, name);
            if (values == null) {
                throw new IllegalArgumentException("signed header " + name + " is not in the request");
            }
            sb.append(name).append(':');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(trimAll(values.get(i)));
            }
            sb.append('\n');
        }
        sb.append('\n');
        sb.append(String.join(";", signedHeaders)).append('\n');
        sb.append(payloadHash);
        return sb.toString();
    }

    /** The string to sign: algorithm, request date-time, credential scope, hash of the canonical request. */
    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n'
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code yyyymmdd/region/service/aws4_request}. */
    public static String scope(String date, String region, String service) {
        return date + '/' + region + '/' + service + '/' + TERMINATOR;
    }

    /** HMAC chain {@code "AWS4"+secret} → date → region → service → {@code aws4_request}. */
    public static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, region);
        k = hmac(k, service);
        return hmac(k, TERMINATOR);
    }

    /** Lower-case hex of HMAC-SHA256(signing key, string to sign). */
    public static String signature(byte[] signingKey, String stringToSign) {
        return hex(hmac(signingKey, stringToSign));
    }

    /** The Authorization header value for these parts. */
    public static String authorization(String accessKeyId, String scope, List<String> signedHeaders, String signature) {
        return ALGORITHM + " Credential=" + accessKeyId + '/' + scope + ", SignedHeaders="
                + String.join(";", signedHeaders) + ", Signature=" + signature;
    }

    public static byte[] sha256(byte[] data) {
        return SHA256.get().digest(data);
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** The canonical URI: the path (normalized when asked), each segment URI-encoded; empty means {@code /}. */
    static String canonicalUri(String path, boolean normalize) {
        String p = path == null || path.isEmpty() ? "/" : path;
        if (normalize) {
            p = normalizePath(p);
        }
        List<String> encoded = new ArrayList<>();
        for (String segment : p.split("/", -1)) {
            encoded.add(uriEncode(segment));
        }
        return String.join("/", encoded);
    }

    /** RFC 3986 remove_dot_segments, and empty segments collapsed; a trailing slash is kept. */
    private static String normalizePath(String path) {
        Deque<String> out = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        for (String s : segments) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                out.pollLast();
            } else {
                out.addLast(s);
            }
        }
        String last = segments[segments.length - 1];
        boolean trailing = out.size() > 0 && (last.isEmpty() || last.equals(".") || last.equals(".."));
        String joined = "/" + String.join("/", out);
        return trailing ? joined + "/" : joined;
    }

    /** Parameters decoded, re-encoded, sorted by name then value, joined with {@code &}. */
    static String canonicalQuery(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        List<String[]> params = new ArrayList<>();
        for (String part : query.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            params.add(new String[]{uriEncode(percentDecode(name)), uriEncode(percentDecode(value))});
        }
        params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : params) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /** SigV4 URI encoding: every byte of the UTF-8 form except A-Z a-z 0-9 - . _ ~ as %XY (upper-case hex). */
    static String uriEncode(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    /** Decodes %XY escapes (a malformed escape stays as it is); {@code +} is not a space here. */
    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && Character.digit(bytes[i + 1], 16) >= 0
                    && Character.digit(bytes[i + 2], 16) >= 0) {
                out.write(Character.digit(bytes[i + 1], 16) << 4 | Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Leading and trailing spaces removed, inner runs of white space (also folded lines) as one space. */
    static String trimAll(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        boolean space = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The values of a header by lower-case name, whatever the case of the map's keys; null when absent. */
    static List<String> headerValues(Map<String, List<String>> headers, String lowerName) {
        List<String> direct = headers.get(lowerName);
        if (direct != null) {
            return direct;
        }
        List<String> found = null;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(lowerName)) {
                if (found == null) {
                    found = new ArrayList<>();
                }
                found.addAll(e.getValue());
            }
        }
        return found;
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = HMAC.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 refused a key", e);
        }
    }
}
