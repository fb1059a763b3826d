package org.envelopejca.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Verifies a request's SigV4 signature (AWS4-HMAC-SHA256 in the Authorization header) the way AWS services do:
 * the canonical request is rebuilt from the request's own SignedHeaders list; the credential scope must name the
 * request's date, this endpoint's region and the service {@code kms}; the request time must be within 5 minutes of
 * the clock; {@code host} and {@code x-amz-date} must be signed; the payload hash is computed here (and must equal
 * {@code X-Amz-Content-Sha256} when that is sent); a session token must be signed and be the access key's. Failures
 * carry the names AWS gives them.
 */
final class RequestAuthenticator {
    static final String SERVICE = "kms";
    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");
    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for "
            + "details.";
    static final String INVALID_TOKEN = "The security token included in the request is invalid.";

    private static final Pattern SCOPE_DATE = Pattern.compile("\\d{8}");
    /** Dates (so signing keys) in use at once are one or two; more distinct entries mean stale ones. */
    private static final int MAX_SIGNING_KEYS = 64;

    private final Map<String, AccessKey> keys;
    private final String region;
    private final String service;
    private final Clock clock;
    /** SigV4 signing keys by access key and date: the four-HMAC derivation once per day, not per request. */
    private final Map<SigningKeyId, byte[]> signingKeys = new ConcurrentHashMap<>();

    RequestAuthenticator(Map<String, AccessKey> keys, String region, Clock clock) {
        this(keys, region, SERVICE, clock);
    }

    /** With another service name in the scope: for the public SigV4 test suite, which signs for "service". */
    RequestAuthenticator(Map<String, AccessKey> keys, String region, String service, Clock clock) {
        this.keys = Map.copyOf(keys);
        this.region = region;
        this.service = service;
        this.clock = clock;
    }

    /** The parsed Authorization header. */
    record Authorization(String accessKeyId, String date, String region, String service, String terminator,
                         List<String> signedHeaders, String signature) {
    }

    /** The access key that signed the request. */
    AccessKey authenticate(SignedRequest request) throws WireError {
        List<String> authHeaders = SigV4.headerValues(request.headers(), "authorization");
        if (authHeaders == null || authHeaders.isEmpty()) {
            throw WireError.client(WireError.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
        }
        if (authHeaders.size() > 1) {
            throw incomplete("Only one Authorization header may be sent");
        }
        Authorization auth = parse(authHeaders.get(0));
        AccessKey key = keys.get(auth.accessKeyId());
        if (key == null) {
            throw WireError.client(WireError.UNRECOGNIZED_CLIENT, INVALID_TOKEN);
        }
        String amzDate = request.header("x-amz-date");
        if (amzDate == null) {
            throw incomplete("Authorization header requires existence of a 'X-Amz-Date' header. Authorization="
                    + SigV4.ALGORITHM);
        }
        Instant requestTime;
        try {
            requestTime = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw incomplete("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }
        if (!auth.date().equals(amzDate.substring(0, 8))) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + auth.date() + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        if (!auth.region().equals(region)) {
            throw invalid("Credential should be scoped to a valid region. ");
        }
        if (!auth.service().equals(service)) {
            throw invalid("Credential should be scoped to correct service: '" + service + "'. ");
        }
        if (!auth.terminator().equals(SigV4.TERMINATOR)) {
            throw invalid("Credential should be scoped with a valid terminator: '" + SigV4.TERMINATOR + "', not '"
                    + auth.terminator() + "'. ");
        }
        if (!auth.signedHeaders().contains("host")) {
            throw invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        if (!auth.signedHeaders().contains("x-amz-date")) {
            throw invalid("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
        }
        Instant now = clock.instant();
        if (requestTime.isBefore(now.minus(MAX_SKEW))) {
            throw invalid("Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW).atOffset(ZoneOffset.UTC)) + " ("
                    + AMZ_DATE.format(now.atOffset(ZoneOffset.UTC)) + " - 5 min.)");
        }
        if (requestTime.isAfter(now.plus(MAX_SKEW))) {
            throw invalid("Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(MAX_SKEW).atOffset(ZoneOffset.UTC)) + " ("
                    + AMZ_DATE.format(now.atOffset(ZoneOffset.UTC)) + " + 5 min.)");
        }
        checkSessionToken(request, auth, key);
        String payloadHash = SigV4.hex(SigV4.sha256(request.body()));
        String claimedHash = request.header("x-amz-content-sha256");
        if (claimedHash != null && !constantTimeEquals(claimedHash, payloadHash)) {
            throw invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        for (String name : auth.signedHeaders()) {
            if (SigV4.headerValues(request.headers(), name) == null) {
                throw invalid("The request signed header '" + name + "' is not present in the request.");
            }
        }
        String canonical = SigV4.canonicalRequest(request.method(), request.rawPath(), request.rawQuery(),
                request.headers(), auth.signedHeaders(), payloadHash, true);
        String scope = SigV4.scope(auth.date(), auth.region(), auth.service());
        String expected = SigV4.signature(signingKey(key, auth.date()), SigV4.stringToSign(amzDate, scope, canonical));
        if (!constantTimeEquals(expected, auth.signature())) {
            throw invalid(SIGNATURE_MISMATCH);
        }
        return key;
    }

    /** Keyed by the secret too, so a replaced secret never meets a key derived from the old one. */
    private record SigningKeyId(String accessKeyId, String secret, String date) {
    }

    private byte[] signingKey(AccessKey key, String date) {
        SigningKeyId id = new SigningKeyId(key.accessKeyId(), key.secretAccessKey(), date);
        byte[] cached = signingKeys.get(id);
        if (cached == null) {
            if (signingKeys.size() >= MAX_SIGNING_KEYS) {
                signingKeys.clear();
            }
            cached = SigV4.signingKey(key.secretAccessKey(), date, region, service);
            signingKeys.put(id, cached);
        }
        return cached;
    }

    private static void checkSessionToken(SignedRequest request, Authorization auth, AccessKey key) throws WireError {
        String token = request.header("x-amz-security-token");
        if (token == null) {
            if (key.sessionToken() != null) {
                throw WireError.client(WireError.UNRECOGNIZED_CLIENT, INVALID_TOKEN);
            }
            return;
        }
        if (!auth.signedHeaders().contains("x-amz-security-token")) {
            throw invalid("'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.");
        }
        if (key.sessionToken() == null || !constantTimeEquals(key.sessionToken(), token)) {
            throw WireError.client(WireError.UNRECOGNIZED_CLIENT, INVALID_TOKEN);
        }
    }

    /** Parses {@code AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…}; IncompleteSignature if it is not. */
    static Authorization parse(String header) throws WireError {
        String h = header.strip();
        if (!h.startsWith(SigV4.ALGORITHM + " ")) {
            throw incomplete("Unsupported AWS 'algorithm': only " + SigV4.ALGORITHM + " is accepted");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : h.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw incomplete("Authorization header requires each component to be Name=Value: '" + p + "'");
            }
            String name = p.substring(0, eq);
            String value = p.substring(eq + 1);
            switch (name) {
                case "Credential" -> credential = once(credential, name, value);
                case "SignedHeaders" -> signedHeaders = once(signedHeaders, name, value);
                case "Signature" -> signature = once(signature, name, value);
                default -> throw incomplete("Authorization header has an unknown component '" + name + "'");
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw incomplete("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' "
                    + "parameters");
        }
        String[] scope = credential.split("/", -1);
        if (scope.length != 5 || scope[0].isEmpty() || !SCOPE_DATE.matcher(scope[1]).matches() || scope[2].isEmpty()
                || scope[3].isEmpty()) {
            throw incomplete("Credential must have the form ACCESS_KEY/YYYYMMDD/REGION/SERVICE/aws4_request");
        }
        List<String> names = new ArrayList<>();
        for (String n : signedHeaders.split(";", -1)) {
            if (!HEADER_NAME.matcher(n).matches()) {
                throw incomplete("SignedHeaders must be lower-case header names separated by ';'");
            }
            names.add(n);
        }
        if (!SIGNATURE.matcher(signature).matches()) {
            throw incomplete("Signature must be 64 lower-case hexadecimal digits");
        }
        return new Authorization(scope[0], scope[1], scope[2], scope[3], scope[4], List.copyOf(names), signature);
    }

    /** The access key ID a request claims (for the audit log), or null. */
    static String claimedAccessKeyId(SignedRequest request) {
        String header = request.header("authorization");
        if (header == null) {
            return null;
        }
        try {
            return parse(header).accessKeyId();
        } catch (WireError e) {
            return null;
        }
    }

    private static String once(String previous, String name, String value) throws WireError {
        if (previous != null) {
            throw incomplete("Authorization header names '" + name + "' twice");
        }
        return value;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static WireError incomplete(String message) {
        return WireError.client(WireError.INCOMPLETE_SIGNATURE, message);
    }

    private static WireError invalid(String message) {
        return WireError.client(WireError.INVALID_SIGNATURE, message);
    }
}
