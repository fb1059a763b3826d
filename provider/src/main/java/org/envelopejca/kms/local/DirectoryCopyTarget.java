package org.envelopejca.kms.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies in a directory (another disk, a mounted share): {@code root.json} once and one file per store generation,
 * {@code store-GENERATION.json} (20 digits, so names sort by generation), each written atomically (temporary file,
 * fsync, rename, fsync of the directory), files 0600 in a directory created 0700. A generation written again (its
 * change failed locally after the copy, see the package documentation) replaces the unacknowledged file.
 */
public record DirectoryCopyTarget(Path dir) implements CopyTarget {
    static final String HEADER = "root.json";
    private static final Pattern STORE = Pattern.compile("store-(\\d{20})\\.json");
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_STORE_BYTES = 64 * 1024 * 1024;

    public DirectoryCopyTarget {
        Objects.requireNonNull(dir, "dir");
    }

    static String fileName(long generation) {
        return String.format("store-%020d.json", generation);
    }

    @Override
    public String location() {
        return dir.toString();
    }

    @Override
    public void put(long generation, byte[] rootHeader, byte[] sealedStore) throws IOException {
        PrivateDirectory.prepare(dir);
        Path header = dir.resolve(HEADER);
        if (Files.exists(header)) {
            byte[] held = AtomicFiles.readBounded(header, MAX_HEADER_BYTES);
            if (!MessageDigest.isEqual(held, rootHeader)) {
                throw new CopyFailedException("copy directory " + dir + " holds the copies of another store (its "
                        + HEADER + " differs); not written");
            }
        } else {
            AtomicFiles.write(header, rootHeader);
        }
        AtomicFiles.write(dir.resolve(fileName(generation)), sealedStore);
    }

    @Override
    public List<CopyVersion> versions(int limit) throws IOException {
        List<CopyVersion> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "store-*.json")) {
            for (Path p : files) {
                Matcher m = STORE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    long generation = Long.parseLong(m.group(1));
                    found.add(new CopyVersion(Long.toString(generation), generation));
                }
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(dir.toString(), null, "no such copy directory");
        }
        found.sort(Comparator.comparingLong(CopyVersion::generation).reversed());
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : List.copyOf(found);
    }

    @Override
    public StoreCopy read(String version) throws IOException {
        long generation;
        try {
            generation = Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a directory copy's version is its generation, not " + version);
        }
        if (generation < 0) {
            throw new IllegalArgumentException("no generation " + version);
        }
        Path store = dir.resolve(fileName(generation));
        if (!Files.exists(store)) {
            throw new NoSuchFileException(store.toString(), null, "no copy of generation " + generation);
        }
        return new StoreCopy(location(), version, generation,
                AtomicFiles.readBounded(dir.resolve(HEADER), MAX_HEADER_BYTES),
                AtomicFiles.readBounded(store, MAX_STORE_BYTES));
    }
}
