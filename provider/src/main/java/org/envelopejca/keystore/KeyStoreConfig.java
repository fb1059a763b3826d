package org.envelopejca.keystore;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.envelopejca.kms.aws.AwsHttpClient;
import org.envelopejca.kms.UntrustedText;
import org.envelopejca.kms.aws.AwsKmsConfig;
import org.envelopejca.kms.local.AuditDeliverySettings;
import org.envelopejca.kms.local.AuditSync;
import org.envelopejca.kms.local.S3Access;
import org.envelopejca.kms.local.S3Location;
import org.envelopejca.kms.policy.AwsPrincipal;

/**
 * The configuration of a {@code KMS} KeyStore, read from (and written back to) a properties file.
 *
 * <table>
 * <caption>Properties</caption>
 * <tr><th>property</th><th>default</th><th>meaning</th></tr>
 * <tr><td>kms</td><td>local</td><td>engine: {@code local} (embedded) or {@code aws}</td></tr>
 * <tr><td>local.path</td><td>$ENVELOPE_HOME, else $HOME/.envelope</td><td>directory of the embedded KMS</td></tr>
 * <tr><td>local.region</td><td>us-east-1</td><td>region in the embedded KMS's key ARNs</td></tr>
 * <tr><td>local.account</td><td>111122223333</td><td>account in the embedded KMS's key ARNs</td></tr>
 * <tr><td>local.audit-sync</td><td>batched</td><td>when the embedded KMS forces its audit lines to disk:
 *     {@code every-call}, {@code batched} or {@code os} (see {@link AuditSync})</td></tr>
 * <tr><td>local.principal</td><td>the account's root</td><td>the IAM principal ARN (user, role, role session or
 *     root) that in-process calls to the embedded KMS act as; key policies decide what it may do</td></tr>
 * <tr><td>local.audit-bucket</td><td></td><td>{@code s3://bucket/prefix}: the embedded KMS delivers its audit log
 *     there in CloudTrail's layout, with signed hourly digests; unset, no delivery</td></tr>
 * <tr><td>local.audit-delivery-interval</td><td>PT5M</td><td>how often new audit records are delivered (and at
 *     close)</td></tr>
 * <tr><td>local.audit-digest-interval</td><td>PT1H</td><td>how often a signed digest chains the delivered
 *     files</td></tr>
 * <tr><td>local.audit-digest-key</td><td>alias/envelope-audit-digest, created at the first digest</td><td>the
 *     RSA_2048 signing key of the embedded KMS that signs the digests</td></tr>
 * <tr><td>local.s3-region</td><td>SDK region chain, else local.region</td><td>region of the S3 buckets (audit delivery and store copies)</td></tr>
 * <tr><td>local.s3-endpoint</td><td>SDK endpoint settings (AWS_ENDPOINT_URL_S3, aws.endpointUrlS3)</td><td>S3
 *     endpoint override, e.g. a test server</td></tr>
 * <tr><td>local.s3-path-style</td><td>false</td><td>path-style S3 addressing (needed by test servers on an IP
 *     address)</td></tr>
 * <tr><td>local.s3-expected-owner</td><td></td><td>the 12-digit AWS account ID that owns the copy and audit
 *     buckets: every S3 request carries it (bucket owner condition), and S3 refuses requests to a bucket that another
 *     account owns; unset, no such condition</td></tr>
 * <tr><td>aws.region</td><td>SDK region chain</td><td>AWS engine: region of key IDs, alias names and discovery
 *     (calls naming a key ARN go to the ARN's region)</td></tr>
 * <tr><td>aws.endpoint</td><td></td><td>endpoint override (every region), e.g. a VPC endpoint or a test server</td></tr>
 * <tr><td>aws.profile</td><td></td><td>profile of the shared AWS config and credentials files</td></tr>
 * <tr><td>aws.access-key-id, aws.secret-access-key, aws.session-token</td><td></td><td>static credentials;
 *     discouraged (secrets in a file): unset, the SDK's default credential chain applies</td></tr>
 * <tr><td>aws.connect-timeout</td><td>PT2S</td><td>ISO-8601 duration to open a connection to KMS</td></tr>
 * <tr><td>aws.socket-timeout</td><td>PT10S</td><td>ISO-8601 duration a read may wait for KMS's answer</td></tr>
 * <tr><td>aws.max-attempts</td><td>3</td><td>attempts per KMS call (throttling, 5xx, network errors retried with
 *     backoff)</td></tr>
 * <tr><td>aws.http-client</td><td>apache5</td><td>the SDK HTTP client of KMS calls: {@code apache5} (Apache
 *     HttpClient 5) or {@code url-connection} (the JDK's HttpURLConnection, about a millisecond slower per call);
 *     both take a proxy from the SDK's standard system properties and environment variables</td></tr>
 * <tr><td>alias.NAME</td><td></td><td>static alias {@code alias/NAME} to one or more key ARNs, comma-separated</td></tr>
 * <tr><td>aliases.ttl</td><td>PT30S</td><td>how long the engine's alias listing is cached</td></tr>
 * <tr><td>cache.enabled</td><td>true</td><td>data-key cache shared by this store's keys</td></tr>
 * <tr><td>cache.max-age</td><td>PT5M</td><td>ISO-8601 duration</td></tr>
 * <tr><td>cache.max-messages</td><td>4294967296</td><td>messages per data key</td></tr>
 * <tr><td>cache.max-bytes</td><td>9223372036854775807</td><td>plaintext bytes per data key</td></tr>
 * <tr><td>cache.capacity</td><td>1000</td><td>entries</td></tr>
 * <tr><td>local.copies</td><td></td><td>where the embedded KMS also writes its sealed store after each change,
 *     comma-separated: directories and {@code s3://bucket/prefix} (bucket versioning on); see
 *     {@link StoreCopiesConfig}</td></tr>
 * <tr><td>local.copies-required</td><td>0</td><td>copies that must be written before a change is applied and
 *     acknowledged (0: copies are best effort)</td></tr>
 * <tr><td>certificates.path</td><td>local: {@code certificates.json} in local.path; aws: none</td><td>file of the
 *     certificate chains of signing keys and of trusted certificates (public data that KMS has no place for)</td></tr>
 * </table>
 * Unknown properties are refused, so that a misspelt one does not silently fall back to a default.
 */
public record KeyStoreConfig(String kms, Path localPath, String localRegion, String localAccount,
                             AuditSync localAuditSync, AwsKmsConfig aws, Map<String, List<String>> staticAliases,
                             Duration aliasTtl, CacheSettings cache, Path certificatesPath,
                             String localPrincipal, StoreCopiesConfig localCopies,
                             AuditDeliverySettings localAuditDelivery) {

    public static final String HOME_PROPERTY = "envelope.home";
    public static final String HOME_VARIABLE = "ENVELOPE_HOME";

    public KeyStoreConfig {
        Objects.requireNonNull(kms, "kms");
        if (!kms.equals("local") && !kms.equals("aws")) {
            throw new IllegalArgumentException("kms must be local or aws, not " + kms);
        }
        Objects.requireNonNull(localPath, "localPath");
        Objects.requireNonNull(localAuditSync, "localAuditSync");
        Objects.requireNonNull(aws, "aws");
        if (localPrincipal != null && AwsPrincipal.parse(localPrincipal).isEmpty()) {
            throw new IllegalArgumentException("property local.principal is not an IAM principal ARN");
        }
        Map<String, List<String>> aliases = new TreeMap<>();
        staticAliases.forEach((k, v) -> aliases.put(AliasNames.normalize(k), List.copyOf(v)));
        staticAliases = Collections.unmodifiableMap(aliases);
        Objects.requireNonNull(aliasTtl, "aliasTtl");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(localCopies, "localCopies");
        localCopies.checkAgainst(localPath);
    }

    /** A configuration without store copies and without audit delivery. */
    public KeyStoreConfig(String kms, Path localPath, String localRegion, String localAccount, AuditSync localAuditSync,
                          AwsKmsConfig aws, Map<String, List<String>> staticAliases, Duration aliasTtl,
                          CacheSettings cache, Path certificatesPath, String localPrincipal) {
        this(kms, localPath, localRegion, localAccount, localAuditSync, aws, staticAliases, aliasTtl, cache,
                certificatesPath, localPrincipal, StoreCopiesConfig.NONE, null);
    }

    /** A configuration with the default certificates file and in-process principal. */
    public KeyStoreConfig(String kms, Path localPath, String localRegion, String localAccount, AuditSync localAuditSync,
                          AwsKmsConfig aws, Map<String, List<String>> staticAliases, Duration aliasTtl,
                          CacheSettings cache) {
        this(kms, localPath, localRegion, localAccount, localAuditSync, aws, staticAliases, aliasTtl, cache, null, null);
    }

    /**
     * Where this store keeps certificate chains and trusted certificates: {@code certificates.path} when set, else
     * beside the embedded KMS's own files; null for the aws engine without {@code certificates.path} (AWS KMS keeps
     * no certificates, and a store that many hosts share has no directory of its own).
     */
    public Path certificatesFile() {
        if (certificatesPath != null) {
            return certificatesPath;
        }
        return kms.equals("local") ? localPath.resolve("certificates.json") : null;
    }

    /** The defaults: embedded KMS in the default home, cache on. */
    public static KeyStoreConfig defaults() {
        return parse(new Properties());
    }

    /** The embedded KMS in {@code dir}, everything else default. */
    public static KeyStoreConfig local(Path dir) {
        Properties p = new Properties();
        p.setProperty("local.path", dir.toString());
        return parse(p);
    }

    /**
     * The directory of the embedded KMS when none is configured: the system property {@code envelope.home}, else
     * $ENVELOPE_HOME, else {@code .envelope} in $HOME when it is set, else in the account's home ({@code user.home}).
     */
    public static Path defaultHome() {
        return defaultHome(System.getProperty(HOME_PROPERTY), System.getenv(HOME_VARIABLE), System.getenv("HOME"),
                System.getProperty("user.home"));
    }

    /**
     * As {@link #defaultHome()}, from the values given. $HOME comes before {@code user.home} as with command-line tools:
     * the JVM takes {@code user.home} from the account database, so a caller that sets HOME (a container, a CI job, a
     * test) would otherwise still write into the account's home.
     */
    static Path defaultHome(String property, String envelopeHome, String home, String userHome) {
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        if (envelopeHome != null && !envelopeHome.isBlank()) {
            return Path.of(envelopeHome);
        }
        if (home != null && !home.isBlank()) {
            return Path.of(home, ".envelope");
        }
        return Path.of(userHome, ".envelope");
    }

    /** @throws IllegalArgumentException naming the property that is wrong */
    public static KeyStoreConfig parse(Properties props) {
        Map<String, List<String>> aliases = new TreeMap<>();
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith("alias.")) {
                List<String> arns = new ArrayList<>();
                for (String arn : props.getProperty(name).split(",")) {
                    if (!arn.isBlank()) {
                        arns.add(arn.trim());
                    }
                }
                if (arns.isEmpty()) {
                    throw new IllegalArgumentException("property " + name + " names no key");
                }
                aliases.put(name.substring("alias.".length()), arns);
            } else if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown KeyStore property " + name);
            }
        }
        String path = props.getProperty("local.path");
        String certificates = props.getProperty("certificates.path");
        S3Access.Settings s3 = s3(props);
        return new KeyStoreConfig(
                props.getProperty("kms", "local").trim(),
                path == null || path.isBlank() ? defaultHome() : Path.of(path.trim()),
                props.getProperty("local.region", "us-east-1").trim(),
                props.getProperty("local.account", "111122223333").trim(),
                auditSync(props),
                aws(props),
                aliases,
                duration(props, "aliases.ttl", Duration.ofSeconds(30)),
                new CacheSettings(
                        Boolean.parseBoolean(props.getProperty("cache.enabled", "true").trim()),
                        duration(props, "cache.max-age", CacheSettings.DEFAULT.maxAge()),
                        number(props, "cache.max-messages", CacheSettings.DEFAULT.maxMessages()),
                        number(props, "cache.max-bytes", CacheSettings.DEFAULT.maxBytes()),
                        (int) Math.min(Integer.MAX_VALUE, number(props, "cache.capacity", CacheSettings.DEFAULT.capacity()))),
                certificates == null || certificates.isBlank() ? null : Path.of(certificates.trim()),
                blankToNull(props.getProperty("local.principal")),
                copies(props, s3),
                auditDelivery(props, s3));
    }

    /** The properties that reproduce this configuration. */
    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("kms", kms);
        p.setProperty("local.path", localPath.toString());
        p.setProperty("local.region", localRegion);
        p.setProperty("local.account", localAccount);
        p.setProperty("local.audit-sync", localAuditSync.configName());
        putIfSet(p, "local.principal", localPrincipal);
        if (!localCopies.targets().isEmpty()) {
            p.setProperty("local.copies", String.join(",", localCopies.targets()));
            p.setProperty("local.copies-required", Integer.toString(localCopies.required()));
        }
        if (localAuditDelivery != null) {
            AuditDeliverySettings d = localAuditDelivery;
            p.setProperty("local.audit-bucket", d.bucket().toString());
            p.setProperty("local.audit-delivery-interval", d.interval().toString());
            p.setProperty("local.audit-digest-interval", d.digestInterval().toString());
            putIfSet(p, "local.audit-digest-key", d.signingKey());
        }
        // One set of S3 settings serves copies and delivery; both read them from the same properties.
        if (localAuditDelivery != null) {
            S3Access.Settings s3 = localAuditDelivery.s3();
            putIfSet(p, "local.s3-region", s3.region());
            putIfSet(p, "local.s3-endpoint", s3.endpoint() == null ? null : s3.endpoint().toString());
            if (s3.pathStyle()) {
                p.setProperty("local.s3-path-style", "true");
            }
            putIfSet(p, "local.s3-expected-owner", s3.expectedOwner());
        } else {
            putIfSet(p, "local.s3-endpoint", localCopies.s3Endpoint() == null ? null : localCopies.s3Endpoint().toString());
            putIfSet(p, "local.s3-region", localCopies.s3Region());
            if (localCopies.s3PathStyle()) {
                p.setProperty("local.s3-path-style", "true");
            }
            putIfSet(p, "local.s3-expected-owner", localCopies.s3ExpectedOwner());
        }
        putIfSet(p, "aws.region", aws.region());
        putIfSet(p, "aws.endpoint", aws.endpoint() == null ? null : aws.endpoint().toString());
        putIfSet(p, "aws.profile", aws.profile());
        putIfSet(p, "aws.access-key-id", aws.accessKeyId());
        putIfSet(p, "aws.secret-access-key", aws.secretAccessKey());
        putIfSet(p, "aws.session-token", aws.sessionToken());
        if (!aws.connectTimeout().equals(AwsKmsConfig.DEFAULT_CONNECT_TIMEOUT)) {
            p.setProperty("aws.connect-timeout", aws.connectTimeout().toString());
        }
        if (!aws.socketTimeout().equals(AwsKmsConfig.DEFAULT_SOCKET_TIMEOUT)) {
            p.setProperty("aws.socket-timeout", aws.socketTimeout().toString());
        }
        if (aws.maxAttempts() != AwsKmsConfig.DEFAULT_MAX_ATTEMPTS) {
            p.setProperty("aws.max-attempts", Integer.toString(aws.maxAttempts()));
        }
        if (aws.httpClient() != AwsKmsConfig.DEFAULT_HTTP_CLIENT) {
            p.setProperty("aws.http-client", aws.httpClient().configName());
        }
        staticAliases.forEach((name, arns) -> p.setProperty("alias." + name.substring(AliasNames.PREFIX.length()), String.join(",", arns)));
        p.setProperty("aliases.ttl", aliasTtl.toString());
        p.setProperty("cache.enabled", Boolean.toString(cache.enabled()));
        p.setProperty("cache.max-age", cache.maxAge().toString());
        p.setProperty("cache.max-messages", Long.toString(cache.maxMessages()));
        p.setProperty("cache.max-bytes", Long.toString(cache.maxBytes()));
        p.setProperty("cache.capacity", Integer.toString(cache.capacity()));
        if (certificatesPath != null) {
            p.setProperty("certificates.path", certificatesPath.toString());
        }
        return p;
    }

    /**
     * How the embedded KMS reaches S3 (the {@code local.s3-*} properties), for whatever reads or writes its buckets
     * outside the engine (restoring a copy, checking delivered audit files): the audit delivery's settings when it is
     * configured, else the copies' (parsed from properties, the two are the same).
     */
    public S3Access.Settings localS3() {
        return localAuditDelivery != null ? localAuditDelivery.s3() : localCopies.s3(localRegion);
    }

    public KeyStoreConfig withStaticAliases(Map<String, List<String>> aliases) {
        return new KeyStoreConfig(kms, localPath, localRegion, localAccount, localAuditSync, aws, aliases, aliasTtl,
                cache, certificatesPath, localPrincipal, localCopies, localAuditDelivery);
    }

    private static final List<String> KNOWN = Arrays.asList("kms", "local.path", "local.region", "local.account",
            "local.audit-sync", "local.principal", "local.copies", "local.copies-required", "local.audit-bucket",
            "local.audit-delivery-interval", "local.audit-digest-interval", "local.audit-digest-key",
            "local.s3-endpoint", "local.s3-region", "local.s3-path-style", "local.s3-expected-owner",
            "aws.region", "aws.endpoint", "aws.profile", "aws.access-key-id", "aws.secret-access-key", "aws.session-token",
            "aws.connect-timeout", "aws.socket-timeout", "aws.max-attempts", "aws.http-client", "aliases.ttl", "cache.enabled", "cache.max-age",
            "cache.max-messages", "cache.max-bytes", "cache.capacity", "certificates.path");

    private static AuditSync auditSync(Properties p) {
        String value = p.getProperty("local.audit-sync");
        if (value == null) {
            return AuditSync.BATCHED;
        }
        try {
            return AuditSync.ofConfigName(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("property local.audit-sync: " + e.getMessage(), e);
        }
    }

    /**
     * The {@code local.s3-*} properties, shared by store copies and audit delivery: parsed once, so both read them
     * alike.
     */
    private static S3Access.Settings s3(Properties p) {
        String endpoint = blankToNull(p.getProperty("local.s3-endpoint"));
        URI uri = null;
        if (endpoint != null) {
            try {
                uri = new URI(endpoint);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("property local.s3-endpoint is not a URL: " + endpoint);
            }
        }
        String pathStyle = blankToNull(p.getProperty("local.s3-path-style"));
        if (pathStyle != null && !pathStyle.equals("true") && !pathStyle.equals("false")) {
            throw new IllegalArgumentException("property local.s3-path-style must be true or false, not " + pathStyle);
        }
        String owner = blankToNull(p.getProperty("local.s3-expected-owner"));
        if (owner != null && !S3Access.isAccountId(owner)) {
            // local.account is not a default: it names the embedded KMS's own ARNs, not who owns the buckets
            throw new IllegalArgumentException("property local.s3-expected-owner must be the 12-digit AWS account ID "
                    + "that owns the S3 buckets (digits only), not " + UntrustedText.quote(owner));
        }
        try {
            return new S3Access.Settings(blankToNull(p.getProperty("local.s3-region")), uri, "true".equals(pathStyle),
                    p.getProperty("local.region", "us-east-1").trim(), 3, owner);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("property local.s3-endpoint: " + e.getMessage(), e);
        }
    }

    private static StoreCopiesConfig copies(Properties p, S3Access.Settings s3) {
        List<String> targets = new ArrayList<>();
        String copies = p.getProperty("local.copies");
        if (copies != null && !copies.isBlank()) {
            targets.addAll(Arrays.asList(copies.split(",", -1)));
        }
        long required = number(p, "local.copies-required", 0);
        return new StoreCopiesConfig(targets, (int) Math.max(-1, Math.min(Integer.MAX_VALUE, required)), s3.endpoint(),
                s3.region(), s3.pathStyle(), s3.expectedOwner());
    }

    /** The audit delivery of local.audit-bucket, or null when it is unset. */
    private static AuditDeliverySettings auditDelivery(Properties p, S3Access.Settings s3) {
        String bucket = blankToNull(p.getProperty("local.audit-bucket"));
        if (bucket == null) {
            for (String name : List.of("local.audit-delivery-interval", "local.audit-digest-interval",
                    "local.audit-digest-key")) {
                if (blankToNull(p.getProperty(name)) != null) {
                    throw new IllegalArgumentException("property " + name + " needs local.audit-bucket");
                }
            }
            return null;
        }
        try {
            return new AuditDeliverySettings(S3Location.parse(bucket), s3,
                    duration(p, "local.audit-delivery-interval", AuditDeliverySettings.DEFAULT_INTERVAL),
                    duration(p, "local.audit-digest-interval", AuditDeliverySettings.DEFAULT_DIGEST_INTERVAL),
                    blankToNull(p.getProperty("local.audit-digest-key")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("property local.audit-bucket (or local.audit-*, local.s3-*): "
                    + e.getMessage(), e);
        }
    }

    private static AwsKmsConfig aws(Properties p) {
        return AwsKmsConfig.builder()
                .region(p.getProperty("aws.region"))
                .endpoint(p.getProperty("aws.endpoint"))
                .profile(p.getProperty("aws.profile"))
                .staticCredentials(p.getProperty("aws.access-key-id"), p.getProperty("aws.secret-access-key"),
                        p.getProperty("aws.session-token"))
                .connectTimeout(duration(p, "aws.connect-timeout", AwsKmsConfig.DEFAULT_CONNECT_TIMEOUT))
                .socketTimeout(duration(p, "aws.socket-timeout", AwsKmsConfig.DEFAULT_SOCKET_TIMEOUT))
                .maxAttempts((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                        number(p, "aws.max-attempts", AwsKmsConfig.DEFAULT_MAX_ATTEMPTS))))
                .httpClient(httpClient(p))
                .build();
    }

    private static AwsHttpClient httpClient(Properties p) {
        String value = blankToNull(p.getProperty("aws.http-client"));
        return value == null ? AwsKmsConfig.DEFAULT_HTTP_CLIENT : AwsHttpClient.ofConfigName(value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static void putIfSet(Properties p, String name, String value) {
        if (value != null) {
            p.setProperty(name, value);
        }
    }

    private static Duration duration(Properties p, String name, Duration dflt) {
        String v = p.getProperty(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Duration.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("property " + name + " is not an ISO-8601 duration such as PT5M: " + v);
        }
    }

    private static long number(Properties p, String name, long dflt) {
        String v = p.getProperty(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + name + " is not a number: " + v);
        }
    }
}
