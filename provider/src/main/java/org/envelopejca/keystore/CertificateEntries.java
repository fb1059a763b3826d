package org.envelopejca.keystore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The certificates a KMS KeyStore keeps beside its configuration: the chain of each signing key's alias, and
 * trusted certificates. Certificates are public, so the file is not encrypted; it is private to its owner all the
 * same (0600, like every file this provider writes) and written atomically (a whole new file renamed over the old,
 * so a reader or a crash sees the old entries or the new ones, never a mix). One JSON object:
 * <pre>{"format":"envelope-kms-certificates","formatVersion":1,"entries":[
 *   {"alias":"alias/web","kind":"key","keyArn":"arn:…","creationDate":"…","chain":["&lt;base64 DER&gt;",…]},
 *   {"alias":"alias/ca","kind":"trusted","creationDate":"…","chain":["&lt;base64 DER&gt;"]}]}</pre>
 * Sizes are bounded before anything is parsed.
 */
final class CertificateEntries {
    static final String FORMAT = "envelope-kms-certificates";
    private static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
    private static final int MAX_ENTRIES = 10_000;
    static final int MAX_CHAIN = 16;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    enum Kind {
        KEY, TRUSTED
    }

    /**
     * One alias's certificates.
     *
     * @param keyArn the signing key the chain certifies (KEY entries), null for a trusted certificate
     * @param chain  the key's certificate first, then its issuers; one certificate for a trusted entry
     */
    record Entry(String alias, Kind kind, String keyArn, Instant creationDate, List<X509Certificate> chain) {
        Entry {
            Objects.requireNonNull(alias, "alias");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(creationDate, "creationDate");
            chain = List.copyOf(chain);
            if (chain.isEmpty() || chain.size() > MAX_CHAIN || (kind == Kind.TRUSTED) != (keyArn == null)) {
                throw new IllegalArgumentException("malformed certificate entry " + alias);
            }
        }
    }

    private CertificateEntries() {
    }

    /** The entries of {@code file} by alias; none when the file does not exist. */
    static Map<String, Entry> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        byte[] bytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > MAX_FILE_BYTES) {
                throw new IOException(file + ": larger than " + MAX_FILE_BYTES + " bytes; not a certificates file");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read to the end
            }
            bytes = buffer.array();
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        }
        try {
            return parse(bytes);
        } catch (IOException | RuntimeException | CertificateException e) {
            throw new IOException(file + ": not a valid certificates file: " + e.getMessage(), e);
        }
    }

    private static Map<String, Entry> parse(byte[] bytes) throws IOException, CertificateException {
        JsonNode root = MAPPER.readTree(bytes);
        if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("formatVersion").asInt() != 1
                || !root.path("entries").isArray() || root.path("entries").size() > MAX_ENTRIES) {
            throw new IOException("unknown format");
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        Map<String, Entry> out = new TreeMap<>();
        for (JsonNode e : root.path("entries")) {
            JsonNode chainNode = e.path("chain");
            if (!chainNode.isArray() || chainNode.size() > MAX_CHAIN) {
                throw new IOException("entry without a chain");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (JsonNode c : chainNode) {
                try (InputStream in = new ByteArrayInputStream(Base64.getDecoder().decode(c.asText()))) {
                    chain.add((X509Certificate) factory.generateCertificate(in));
                }
            }
            Kind kind = Kind.valueOf(e.path("kind").asText().toUpperCase(java.util.Locale.ROOT));
            String keyArn = e.hasNonNull("keyArn") ? e.get("keyArn").asText() : null;
            Entry entry = new Entry(e.path("alias").asText(), kind, keyArn, Instant.parse(e.path("creationDate").asText()),
                    chain);
            if (out.put(entry.alias(), entry) != null) {
                throw new IOException("alias " + entry.alias() + " twice");
            }
        }
        return out;
    }

    /** Writes {@code entries} to {@code file} atomically, owner read/write only. */
    static void write(Path file, Map<String, Entry> entries) throws IOException {
        ObjectNode root = MAPPER.createObjectNode().put("format", FORMAT).put("formatVersion", 1);
        ArrayNode list = root.putArray("entries");
        try {
            for (Entry e : new TreeMap<>(entries).values()) {
                ObjectNode n = list.addObject().put("alias", e.alias())
                        .put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
                if (e.keyArn() != null) {
                    n.put("keyArn", e.keyArn());
                }
                n.put("creationDate", e.creationDate().toString());
                ArrayNode chain = n.putArray("chain");
                for (X509Certificate c : e.chain()) {
                    chain.add(Base64.getEncoder().encodeToString(c.getEncoded()));
                }
            }
        } catch (CertificateEncodingException e) {
            throw new IOException("a certificate cannot be encoded: " + e.getMessage(), e);
        }
        byte[] bytes = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        // createTempFile makes the file 0600 on POSIX systems.
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + file + " cannot replace files atomically", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static Map<String, Entry> copy(Map<String, Entry> entries) {
        return Collections.unmodifiableMap(new TreeMap<>(entries));
    }
}
