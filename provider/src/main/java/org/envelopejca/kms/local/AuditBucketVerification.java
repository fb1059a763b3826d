package org.envelopejca.kms.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Checks a bucket of delivered audit files as CloudTrail's log file integrity validation does ("Custom
 * implementations of CloudTrail log file integrity validation"): each digest's signature (SHA256withRSA over
 * CloudTrail's signing string, with the public key whose fingerprint the digest names), that the digest lies where
 * it says, the chain of digests (each names the previous one's object, SHA-256 and signature), and each log file a
 * digest lists (present, same SHA-256 of its uncompressed content, event times within what the digest recorded).
 * Log files that no digest lists are reported unless the local delivery state knows them as delivered since the last
 * digest (with their hashes), and the newest digest must be the one the local state recorded when one is given: a
 * deleted newest digest is not visible in the bucket alone.
 */
public final class AuditBucketVerification {
    /** Objects listed at most: bounds the work on a bucket that is not ours. */
    static final int MAX_OBJECTS = 1_000_000;

    /** What is wrong, by kind. */
    public enum Kind {
        DIGEST_SIGNATURE_INVALID, DIGEST_UNKNOWN_KEY, DIGEST_MOVED, DIGEST_UNREADABLE, DIGEST_MISSING,
        DIGEST_CHANGED, DIGEST_CHAIN_BROKEN, FILE_MISSING, FILE_CHANGED, FILE_TIMES_CHANGED, FILE_NOT_IN_DIGEST
    }

    /** One finding. */
    public record Problem(Kind kind, String object, String detail) {
        @Override
        public String toString() {
            return kind + " " + object + ": " + detail;
        }
    }

    /**
     * The result.
     *
     * @param digests          digests found
     * @param digestsVerified  digests whose signature verified
     * @param files            log files found
     * @param filesVerified    log files whose hash matched a digest (or the local state's record)
     * @param problems         what is wrong, empty when all is well
     */
    public record Report(int digests, int digestsVerified, int files, int filesVerified, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final S3Client s3;
    private final S3Location at;
    private final String account;
    private final String region;
    private final Map<String, PublicKey> keysByFingerprint = new HashMap<>();
    private int maxObjectBytes = CloudTrailFiles.MAX_READ_BYTES;

    /**
     * @param publicKeys DER SubjectPublicKeyInfo of the keys digests may be signed with (the signing key's, from
     *                   GetPublicKey)
     */
    public AuditBucketVerification(S3Client s3, S3Location at, String account, String region, List<byte[]> publicKeys)
            throws GeneralSecurityException {
        this.s3 = s3;
        this.at = at;
        this.account = account;
        this.region = region;
        for (byte[] der : publicKeys) {
            keysByFingerprint.put(CloudTrailFiles.fingerprint(der),
                    KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)));
        }
    }

    /** The public key fingerprint as digests carry it: hex MD5 of the DER SubjectPublicKeyInfo. */
    public static String fingerprint(byte[] subjectPublicKeyInfo) {
        return CloudTrailFiles.fingerprint(subjectPublicKeyInfo);
    }

    /**
     * Verifies the bucket; {@code stateDir}, when not null, is the store directory whose delivery state names the
     * newest digest and the files delivered since.
     */
    public Report verify(Path stateDir) throws IOException {
        AuditDeliveryState state = stateDir == null ? null : AuditDeliveryState.read(stateDir);
        if (state != null && !state.bucket().equals(at.toString())) {
            state = null;
        }
        String logsPrefix = CloudTrailFiles.logsPrefix(at, account, region);
        String digestPrefix = CloudTrailFiles.digestsPrefix(at, account, region);
        Set<String> logKeys = new HashSet<>(list(logsPrefix));
        List<String> digestKeys = list(digestPrefix);
        List<Problem> problems = new ArrayList<>();

        // Digests: read, check location and signature.
        Map<String, Digest> digests = new TreeMap<>();
        int signed = 0;
        for (String key : digestKeys) {
            Digest d = readDigest(key, problems);
            if (d == null) {
                continue;
            }
            digests.put(key, d);
            if (d.signatureOk) {
                signed++;
            }
        }

        // The chain: order by end time; each names the one before it.
        List<Digest> ordered = new ArrayList<>(digests.values());
        ordered.sort(Comparator.comparing((Digest d) -> d.endTime).thenComparing(d -> d.key));
        Set<String> referenced = new HashSet<>();
        for (int i = 0; i < ordered.size(); i++) {
            Digest d = ordered.get(i);
            String prevKey = d.json.path("previousDigestS3Object").isNull() ? null
                    : d.json.path("previousDigestS3Object").asText();
            Digest before = i == 0 ? null : ordered.get(i - 1);
            if (prevKey == null) {
                if (before != null) {
                    problems.add(new Problem(Kind.DIGEST_CHAIN_BROKEN, d.key, "starts a new chain although digest "
                            + before.key + " comes before it"));
                }
                continue;
            }
            referenced.add(prevKey);
            Digest named = digests.get(prevKey);
            if (named == null) {
                problems.add(new Problem(Kind.DIGEST_MISSING, prevKey, "the previous digest of " + d.key
                        + " is not in the bucket (deleted or moved)"));
                continue;
            }
            if (named != before) {
                problems.add(new Problem(Kind.DIGEST_CHAIN_BROKEN, d.key, "names " + prevKey + " as its previous "
                        + "digest, but " + (before == null ? "no digest" : before.key) + " comes before it by time "
                        + "(digests reordered, renamed or removed)"));
            }
            if (!named.hash.equals(d.json.path("previousDigestHashValue").asText())) {
                problems.add(new Problem(Kind.DIGEST_CHANGED, prevKey, "its SHA-256 is not the one " + d.key
                        + " recorded"));
            }
            if (!d.json.path("previousDigestS3Bucket").asText().equals(at.bucket())) {
                problems.add(new Problem(Kind.DIGEST_CHAIN_BROKEN, d.key, "its previous digest is in another bucket"));
            }
            if (named.signatureHex == null
                    || !named.signatureHex.equals(d.json.path("previousDigestSignature").asText())) {
                problems.add(new Problem(Kind.DIGEST_CHAIN_BROKEN, d.key, "the previous digest's signature is not the "
                        + "one it recorded"));
            }
        }
        if (state != null && state.lastDigest() != null) {
            Digest newest = ordered.isEmpty() ? null : ordered.get(ordered.size() - 1);
            if (newest == null || !newest.key.equals(state.lastDigest().s3Object())) {
                problems.add(new Problem(Kind.DIGEST_MISSING, state.lastDigest().s3Object(), "the newest digest "
                        + "delivered (as the local delivery state records it) is not the newest in the bucket"));
            } else if (!newest.hash.equals(state.lastDigest().hashValue())) {
                problems.add(new Problem(Kind.DIGEST_CHANGED, newest.key, "its SHA-256 is not the one delivered"));
            }
        }

        // Log files: each one a digest lists, then those the local state knows as not yet in a digest.
        Map<String, Listed> listed = new HashMap<>();
        for (Digest d : ordered) {
            if (!d.signatureOk) {
                continue;
            }
            for (JsonNode f : d.json.path("logFiles")) {
                listed.put(f.path("s3Object").asText(), new Listed(f.path("hashValue").asText(),
                        instant(f.path("oldestEventTime")), instant(f.path("newestEventTime")), d.key));
            }
        }
        if (state != null) {
            for (AuditDeliveryState.LogFileEntry f : state.undigested()) {
                listed.putIfAbsent(f.s3Object(), new Listed(f.hashValue(), f.oldestEventTime(), f.newestEventTime(),
                        "the local delivery state"));
            }
        }
        int verifiedFiles = 0;
        for (Map.Entry<String, Listed> e : listed.entrySet()) {
            String key = e.getKey();
            Listed l = e.getValue();
            if (!logKeys.contains(key)) {
                problems.add(new Problem(Kind.FILE_MISSING, key, "listed by " + l.by + " but not in the bucket "
                        + "(deleted or renamed)"));
                continue;
            }
            byte[] content;
            try {
                content = CloudTrailFiles.gunzip(get(key).asByteArray());
            } catch (IOException | RuntimeException ex) {
                problems.add(new Problem(Kind.FILE_CHANGED, key, "not a gzip file any more: " + ex.getMessage()));
                continue;
            }
            if (!AuditLog.sha256Hex(content, content.length).equals(l.hash)) {
                problems.add(new Problem(Kind.FILE_CHANGED, key, "its SHA-256 is not the one " + l.by + " recorded"));
                continue;
            }
            String times = timesProblem(content, l);
            if (times != null) {
                problems.add(new Problem(Kind.FILE_TIMES_CHANGED, key, times));
                continue;
            }
            verifiedFiles++;
        }
        for (String key : logKeys) {
            if (!listed.containsKey(key)) {
                problems.add(new Problem(Kind.FILE_NOT_IN_DIGEST, key, "no verified digest (nor the local delivery "
                        + "state) lists it: added, renamed or copied into place"));
            }
        }
        problems.sort(Comparator.comparing((Problem p) -> p.kind).thenComparing(p -> p.object));
        return new Report(digestKeys.size(), signed, logKeys.size(), verifiedFiles, List.copyOf(problems));
    }

    private record Listed(String hash, Instant oldest, Instant newest, String by) {
    }

    private static final class Digest {
        String key;
        JsonNode json;
        String hash;
        String signatureHex;
        Instant endTime;
        boolean signatureOk;
    }

    private Digest readDigest(String key, List<Problem> problems) {
        ResponseBytes<GetObjectResponse> object;
        byte[] content;
        JsonNode json;
        try {
            object = get(key);
            content = CloudTrailFiles.gunzip(object.asByteArray());
            json = Json.MAPPER.readTree(content);
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(Kind.DIGEST_UNREADABLE, key, "not a gzip JSON digest: " + e.getMessage()));
            return null;
        }
        Digest d = new Digest();
        d.key = key;
        d.json = json;
        d.hash = AuditLog.sha256Hex(content, content.length);
        d.signatureHex = object.response().metadata().get(CloudTrailFiles.SIGNATURE_METADATA);
        d.endTime = instant(json.path("digestEndTime"));
        if (d.endTime == null) {
            d.endTime = Instant.EPOCH;
        }
        if (!at.bucket().equals(json.path("digestS3Bucket").asText()) || !key.equals(json.path("digestS3Object").asText())) {
            problems.add(new Problem(Kind.DIGEST_MOVED, key, "the digest says it lies at "
                    + json.path("digestS3Bucket").asText() + "/" + json.path("digestS3Object").asText()));
        }
        PublicKey publicKey = keysByFingerprint.get(json.path("digestPublicKeyFingerprint").asText());
        if (publicKey == null) {
            problems.add(new Problem(Kind.DIGEST_UNKNOWN_KEY, key, "signed with a key of fingerprint "
                    + json.path("digestPublicKeyFingerprint").asText() + ", not the signing key's"));
            return d;
        }
        if (d.signatureHex == null || !d.signatureHex.matches("[0-9a-f]{2,2048}")) {
            problems.add(new Problem(Kind.DIGEST_SIGNATURE_INVALID, key, "no hex signature in its metadata"));
            return d;
        }
        JsonNode previousSignature = json.path("previousDigestSignature");
        byte[] signed = CloudTrailFiles.signingString(json.path("digestEndTime").asText(), at.bucket(), key, d.hash,
                previousSignature.isNull() || previousSignature.isMissingNode() ? null : previousSignature.asText());
        try {
            Signature v = Signature.getInstance(CloudTrailFiles.SIGNATURE_ALGORITHM);
            v.initVerify(publicKey);
            v.update(signed);
            d.signatureOk = v.verify(HexFormat.of().parseHex(d.signatureHex));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            d.signatureOk = false;
        }
        if (!d.signatureOk) {
            problems.add(new Problem(Kind.DIGEST_SIGNATURE_INVALID, key, "its signature does not verify (the digest "
                    + "or its metadata was changed)"));
        }
        return d;
    }

    /** Null when every record's eventTime lies within the recorded oldest..newest, else why not. */
    private static String timesProblem(byte[] content, Listed l) {
        try {
            JsonNode records = Json.MAPPER.readTree(content).path("Records");
            Instant oldest = null;
            Instant newest = null;
            for (JsonNode r : records) {
                Instant t = instant(r.path("eventTime"));
                if (t == null) {
                    return "a record without an eventTime";
                }
                oldest = oldest == null || t.isBefore(oldest) ? t : oldest;
                newest = newest == null || t.isAfter(newest) ? t : newest;
            }
            if (oldest == null || !oldest.equals(l.oldest) || !newest.equals(l.newest)) {
                return "its records' times " + oldest + ".." + newest + " are not the recorded " + l.oldest + ".."
                        + l.newest;
            }
            return null;
        } catch (IOException e) {
            return "not JSON";
        }
    }

    private static Instant instant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A lower bound than {@link CloudTrailFiles#MAX_READ_BYTES} on the bytes read of one object (tests). */
    AuditBucketVerification objectLimit(int bytes) {
        this.maxObjectBytes = bytes;
        return this;
    }

    /** The object, read to at most {@code maxObjectBytes}: a bucket's content is not trusted. */
    private ResponseBytes<GetObjectResponse> get(String key) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(GetObjectRequest.builder().bucket(at.bucket())
                .key(key).build())) {
            byte[] bytes = in.readNBytes(maxObjectBytes + 1);
            if (bytes.length > maxObjectBytes) {
                in.abort();
                throw new IOException("larger than " + maxObjectBytes + " bytes");
            }
            return ResponseBytes.fromByteArray(in.response(), bytes);
        }
    }

    private List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(at.bucket())
                .prefix(prefix).build()).contents()) {
            if (keys.size() >= MAX_OBJECTS) {
                throw new IllegalStateException("more than " + MAX_OBJECTS + " objects under " + prefix);
            }
            keys.add(o.key());
        }
        return keys;
    }
}
