package org.envelopejca.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.envelopejca.kms.policy.MalformedPolicyException;
import org.envelopejca.kms.policy.PolicyDocument;
import org.envelopejca.kms.policy.PolicyKind;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The endpoint's credentials and policy file (JSON):
 * <pre>
 * {"accessKeys": [
 *   {"accessKeyId": "EKIAEXAMPLE0000000001", "secretAccessKey": "…", "principal": "orders-app",
 *    "operations": ["GenerateDataKey", "Decrypt", "DescribeKey"],
 *    "keys": ["alias/orders", "arn:aws:kms:us-east-1:111122223333:key/…"]}
 * ]}
 * </pre>
 * {@code principal} (default: the access key ID), {@code sessionToken} (default: none), {@code operations} and
 * {@code keys} (default {@code ["*"]}: everything) are optional. Unknown members are refused, so that a misspelt
 * {@code operations} does not silently grant everything.
 *
 * <p>{@code policy} (optional) is the principal's identity policy: a document in the AWS policy language (a JSON
 * object, or a string holding one), without {@code Principal} (IAM User Guide, "Identity-based policies and
 * resource-based policies"). The endpoint checks the lists first, then the engine evaluates the document with the
 * key's policy and grants in AWS's order (see the package documentation of {@code org.envelopejca.kms.policy}). A
 * document the policy language refuses stops the file from loading, with an error naming the access key.
 *
 * <p>The file holds secrets: on a POSIX file system, a file that users other than its owner may read or write is
 * refused ({@link #read}), or accepted with a warning where the caller asked for that
 * ({@link #readWarningIfOpen}, {@code envelope serve --allow-open-credentials}).
 */
public final class CredentialsFile {
    /** Access key IDs as AWS shapes them: upper-case letters and digits. */
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{16,128}");
    /** An IAM user name (IAM User Guide, "IAM object quotas": 64 characters of letters, digits and +=,.@_-). */
    private static final Pattern IAM_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private CredentialsFile() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(@JsonProperty(value = "accessKeyId", required = true) String accessKeyId,
                 @JsonProperty(value = "secretAccessKey", required = true) String secretAccessKey,
                 @JsonProperty("principal") String principal,
                 @JsonProperty("sessionToken") String sessionToken,
                 @JsonProperty("operations") List<String> operations,
                 @JsonProperty("keys") List<String> keys,
                 @JsonProperty("policy") JsonNode policy) {
    }

    record Document(@JsonProperty(value = "accessKeys", required = true) List<Entry> accessKeys) {
    }

    /**
     * Reads and checks a credentials file.
     *
     * @return the access keys by ID
     * @throws IllegalArgumentException the file is not a valid credentials file (the message says what is wrong,
     *                                  never a secret)
     */
    public static Map<String, AccessKey> read(Path file) throws IOException {
        String open = openPermissions(file);
        if (open != null) {
            throw new IllegalArgumentException("credentials file " + file + " is " + open + ": it holds secrets; "
                    + "make it private (chmod 600) or, knowingly, accept it (--allow-open-credentials)");
        }
        return parse(file);
    }

    /** Like {@link #read}, but a file other users may read or write is accepted, after telling {@code warning}. */
    public static Map<String, AccessKey> readWarningIfOpen(Path file, Consumer<String> warning) throws IOException {
        String open = openPermissions(file);
        if (open != null) {
            warning.accept("credentials file " + file + " is " + open + "; its secrets are not private");
        }
        return parse(file);
    }

    /** What is wrong with the file's permissions ("readable by others (rw-r--r--)"), or null when private. */
    private static String openPermissions(Path file) throws IOException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return null; // no POSIX permissions here: nothing to check
        }
        boolean readable = perms.contains(PosixFilePermission.GROUP_READ)
                || perms.contains(PosixFilePermission.OTHERS_READ);
        boolean writable = perms.contains(PosixFilePermission.GROUP_WRITE)
                || perms.contains(PosixFilePermission.OTHERS_WRITE);
        if (!readable && !writable) {
            return null;
        }
        return (readable && writable ? "readable and writable" : readable ? "readable" : "writable")
                + " by other users (" + PosixFilePermissions.toString(perms) + ")";
    }

    private static Map<String, AccessKey> parse(Path file) throws IOException {
        Document doc;
        try {
            doc = MAPPER.readValue(file.toFile(), Document.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("credentials file " + file + " is not valid: " + e.getOriginalMessage());
        }
        if (doc == null || doc.accessKeys() == null || doc.accessKeys().isEmpty()) {
            throw new IllegalArgumentException("credentials file " + file + " names no access key");
        }
        Map<String, AccessKey> keys = new LinkedHashMap<>();
        for (Entry e : doc.accessKeys()) {
            AccessKey key = check(file, e);
            if (keys.put(key.accessKeyId(), key) != null) {
                throw new IllegalArgumentException("credentials file " + file + " names access key "
                        + key.accessKeyId() + " twice");
            }
        }
        return Map.copyOf(keys);
    }

    private static AccessKey check(Path file, Entry e) {
        String where = "credentials file " + file + ": ";
        if (e == null || e.accessKeyId() == null || !ACCESS_KEY_ID.matcher(e.accessKeyId()).matches()) {
            throw new IllegalArgumentException(where + "an accessKeyId must be 16 to 128 upper-case letters and digits");
        }
        if (e.secretAccessKey() == null || e.secretAccessKey().length() < 16) {
            throw new IllegalArgumentException(where + "the secretAccessKey of " + e.accessKeyId()
                    + " must be at least 16 characters");
        }
        if (e.principal() != null && org.envelopejca.kms.policy.AwsPrincipal.parse(e.principal()).isEmpty()
                && !IAM_NAME.matcher(e.principal()).matches()) {
            throw new IllegalArgumentException(where + "the principal of " + e.accessKeyId() + " must be an IAM "
                    + "principal ARN (arn:aws:iam::ACCOUNT:user/NAME, ...:role/NAME) or a user name (1 to 64 of "
                    + "letters, digits and +=,.@_-)");
        }
        List<String> operations = e.operations() == null ? List.of("*") : e.operations();
        for (String op : operations) {
            if (op == null || !op.equals("*") && !Operation.isKnown(op)) {
                throw new IllegalArgumentException(where + e.accessKeyId() + " names an unknown operation " + op
                        + " (known: " + String.join(", ", Operation.names()) + ", or *)");
            }
        }
        List<String> keys = e.keys() == null ? List.of("*") : e.keys();
        for (String k : keys) {
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException(where + e.accessKeyId() + " has an empty key entry");
            }
        }
        return new AccessKey(e.accessKeyId(), e.secretAccessKey(), e.principal(), e.sessionToken(),
                Set.copyOf(operations), keys, identityPolicy(where, e));
    }

    /** The entry's policy document, parsed as an identity policy; null when it has none. */
    private static PolicyDocument identityPolicy(String where, Entry e) {
        JsonNode node = e.policy();
        if (node == null || node.isNull()) {
            return null;
        }
        String text;
        if (node.isTextual()) {
            text = node.textValue();
        } else if (node.isObject()) {
            text = node.toString();
        } else {
            throw new IllegalArgumentException(where + "the policy of access key " + e.accessKeyId()
                    + " must be a policy document (a JSON object, or a string holding one)");
        }
        try {
            return PolicyDocument.parse(PolicyKind.IDENTITY_POLICY, text);
        } catch (MalformedPolicyException ex) {
            throw new IllegalArgumentException(where + "the policy of access key " + e.accessKeyId()
                    + " is not a valid identity policy: " + ex.getMessage());
        }
    }

    /**
     * Creates a credentials file with one new random access key allowed everything, readable and writable by its
     * owner only; an existing file is never overwritten.
     *
     * @return the new access key
     * @throws FileAlreadyExistsException the file exists
     */
    public static AccessKey generate(Path file, String principal) throws IOException {
        StringBuilder id = new StringBuilder("EKIA");
        for (int i = 0; i < 16; i++) {
            id.append(BASE32.charAt(RANDOM.nextInt(BASE32.length())));
        }
        byte[] secret = new byte[30];
        RANDOM.nextBytes(secret);
        AccessKey key = new AccessKey(id.toString(), Base64.getEncoder().encodeToString(secret), principal, null,
                Set.of("*"), List.of("*"));
        Entry entry = new Entry(key.accessKeyId(), key.secretAccessKey(), key.principal(), null,
                new ArrayList<>(List.of("*")), new ArrayList<>(List.of("*")), null);
        byte[] json = MAPPER.writeValueAsBytes(new Document(List.of(entry)));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean posix = Files.getFileStore(parent == null ? Path.of(".") : parent)
                .supportsFileAttributeView("posix");
        if (posix) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(json);
            out.write('\n');
        }
        return key;
    }
}
