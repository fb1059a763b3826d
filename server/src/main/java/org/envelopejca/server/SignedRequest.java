package org.envelopejca.server;

import java.util.List;
import java.util.Map;

/**
 * What SigV4 verification needs of an HTTP request.
 *
 * @param method  the HTTP method
 * @param rawPath the path as sent (still percent-encoded)
 * @param rawQuery the query as sent, or null
 * @param headers every header, each name with its values in arrival order (names in any case)
 * @param body    the whole body
 */
record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    /** The single value of a header, null when absent; several values are joined as SigV4 joins them. */
    String header(String lowerName) {
        List<String> values = SigV4.headerValues(headers, lowerName);
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }
}
