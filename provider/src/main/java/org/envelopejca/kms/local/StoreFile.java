package org.envelopejca.kms.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;

/**
 * The store file ({@code store.json}): one JSON object
 * <pre>{"format":"envelope-local-kms-store","formatVersion":1,"mac":"&lt;64 hex&gt;","state":{…}}</pre>
 * where {@code state} is a {@link StoreState} and {@code mac} is HMAC-SHA256, under the store MAC key, of a fixed
 * label and the compact JSON text of {@code state} (as parsed and written back by the one mapper, so the bytes are
 * the same on both sides). Read and written only under the directory lock; every write is atomic and durable.
 * A file that cannot be parsed or whose MAC does not match is reported, never used.
 */
final class StoreFile {
    static final String NAME = "store.json";
    static final String FORMAT = "envelope-local-kms-store";
    static final int FORMAT_VERSION = 1;
    /** Far above any real store; bounds what a damaged or hostile file can make us allocate. */
    private static final int MAX_BYTES = 64 * 1024 * 1024;
    private static final byte[] MAC_LABEL = "envelope-local-kms v1 store\0".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> MEMBERS = Set.of("format", "formatVersion", "mac", "state");

    private final Path file;
    private final RootKeys rootKeys;
    private final String region;
    private final String account;
    private final StoreCopies copies;
    private byte[] cachedBytes;
    private StoreState cachedState;
    /** The highest generation this engine has read or written: a lower one later is a rollback. */
    private long highest = -1;

    StoreFile(Path dir, RootKeys rootKeys, String region, String account) {
        this(dir, rootKeys, region, account, StoreCopies.none());
    }

    /** A store file whose every write goes to {@code copies} first (see {@link #write}). */
    StoreFile(Path dir, RootKeys rootKeys, String region, String account, StoreCopies copies) {
        this(rootKeys, region, account, dir.resolve(NAME), copies);
    }

    private StoreFile(RootKeys rootKeys, String region, String account, Path file, StoreCopies copies) {
        this.file = file;
        this.rootKeys = rootKeys;
        this.region = region;
        this.account = account;
        this.copies = copies;
    }

    /** For checking a copy's bytes ({@link #parse}): {@code name} names the copy in error messages. */
    static StoreFile reader(Path name, RootKeys rootKeys, String region, String account) {
        return new StoreFile(rootKeys, region, account, name, StoreCopies.none());
    }

    StoreCopies copies() {
        return copies;
    }

    Path path() {
        return file;
    }

    /**
     * The current state from disk (the other processes' changes included); caller holds the directory lock.
     *
     * @throws StoreRollbackException the file's generation is below one this engine has already seen
     */
    StoreState load() throws IOException {
        byte[] bytes = AtomicFiles.readBounded(file, MAX_BYTES);
        if (cachedBytes != null && Arrays.equals(bytes, cachedBytes)) {
            return cachedState;
        }
        StoreState state = parse(bytes);
        if (state.generation() < highest) {
            throw new StoreRollbackException(file, state.generation(), highest, "this engine read or wrote");
        }
        highest = state.generation();
        cachedBytes = bytes;
        cachedState = state;
        return state;
    }

    /** The generation last read or written by this engine, -1 before any. */
    long generation() {
        return highest;
    }


    /**
     * Writes {@code state} with the next generation number and returns what was written. The sealed bytes go to
     * the copy targets first and to the local file only when enough copies took them: a failure there
     * ({@link CopyFailedException}) leaves the local file, and this object, as they were.
     */
    StoreState write(StoreState state) throws IOException {
        StoreState next = state.withGeneration(state.generation() + 1);
        byte[] stateJson = canonical(Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(next)));
        ByteArrayOutputStream out = new ByteArrayOutputStream(stateJson.length + 200);
        out.writeBytes(("{\"format\":\"" + FORMAT + "\",\"formatVersion\":" + FORMAT_VERSION + ",\"mac\":\""
                + HexFormat.of().formatHex(mac(stateJson)) + "\",\"state\":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(stateJson);
        out.writeBytes("}\n".getBytes(StandardCharsets.US_ASCII));
        byte[] bytes = out.toByteArray();
        copies.replicate(next.generation(), bytes);
        AtomicFiles.write(file, bytes);
        cachedBytes = bytes;
        cachedState = next;
        highest = Math.max(highest, next.generation());
        return next;
    }

    /**
     * Whether a store file, read without its root key (so without checking its MAC), holds no keys and no
     * aliases: only then may a store whose root header is missing be created afresh over it.
     */
    static boolean looksEmpty(Path file) throws IOException {
        try {
            JsonNode state = Json.MAPPER.readTree(AtomicFiles.readBounded(file, MAX_BYTES)).path("state");
            return state.path("keys").isObject() && state.path("keys").isEmpty()
                    && state.path("aliases").isObject() && state.path("aliases").isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** The state in {@code bytes} once its format, MAC, region and account check out; nothing is cached. */
    StoreState parse(byte[] bytes) throws IOException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new StoreIntegrityException(file, "not valid JSON (corrupted?)", e);
        }
        if (root == null || !root.isObject()) {
            throw new StoreIntegrityException(file, "not a store (no JSON object)");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw new StoreIntegrityException(file, "unknown member " + name);
            }
        }
        if (!FORMAT.equals(root.path("format").asText(null))) {
            throw new StoreIntegrityException(file, "not an envelope local KMS store");
        }
        if (root.path("formatVersion").asInt(-1) != FORMAT_VERSION) {
            throw new StoreIntegrityException(file, "unsupported format version " + root.path("formatVersion"));
        }
        JsonNode state = root.get("state");
        String macHex = root.path("mac").asText("");
        if (state == null || !state.isObject() || !macHex.matches("[0-9a-f]{64}")) {
            throw new StoreIntegrityException(file, "state or MAC missing");
        }
        byte[] expected = mac(canonical(state));
        if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(macHex))) {
            throw new StoreIntegrityException(file, "integrity check failed (MAC mismatch): the file was modified "
                    + "outside this engine or belongs to another root key; not used");
        }
        StoreState parsed;
        try {
            parsed = Json.MAPPER.treeToValue(state, StoreState.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new StoreIntegrityException(file, "state is inconsistent", e);
        }
        if (parsed == null) {
            throw new StoreIntegrityException(file, "state missing");
        }
        // no region and account: read for its audit flag only (AuditKey.forStore)
        if (region != null && (!parsed.region().equals(region) || !parsed.account().equals(account))) {
            throw new StoreIntegrityException(file, "belongs to region " + parsed.region() + " and account "
                    + parsed.account() + ", not " + region + " and " + account);
        }
        return parsed;
    }

    private byte[] mac(byte[] stateJson) {
        byte[] input = new byte[MAC_LABEL.length + stateJson.length];
        System.arraycopy(MAC_LABEL, 0, input, 0, MAC_LABEL.length);
        System.arraycopy(stateJson, 0, input, MAC_LABEL.length, stateJson.length);
        return rootKeys.storeMac(input);
    }

    private static byte[] canonical(JsonNode node) throws JsonProcessingException {
        return Json.MAPPER.writeValueAsBytes(node);
    }
}
