package org.envelopejca.kms.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the sealed store is copied after each change, and where {@code keys restore} reads it back: a directory
 * ({@link DirectoryCopyTarget}) or a versioned S3 bucket ({@link S3CopyTarget}). A copy is exactly the bytes of
 * {@code store.json} (sealed under the root key: its MAC and each key's AES-GCM seal) plus the root header
 * ({@code root.json}, which holds no secret), never {@code root.key} nor anything in plaintext.
 */
public sealed interface CopyTarget extends java.io.Closeable permits DirectoryCopyTarget, S3CopyTarget {

    /**
     * A target from its configuration text: {@code s3://bucket/prefix} (or {@code s3://bucket}) for a bucket,
     * reached as {@code s3} says, anything else a directory path.
     *
     * @throws IllegalArgumentException the text names no usable target
     */
    static CopyTarget parse(String text, S3Access.Settings s3) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty copy target");
        }
        if (t.startsWith("s3://")) {
            return new S3CopyTarget(S3Location.parse(t), s3);
        }
        if (t.contains("://")) {
            throw new IllegalArgumentException("copy target " + t + ": only directories and s3://bucket/prefix");
        }
        return new DirectoryCopyTarget(Path.of(t));
    }

    /** The target as configured ({@code s3://bucket/prefix} or the directory path). */
    String location();

    /**
     * Writes one new version: the sealed store of {@code generation} and, unless the target already holds the same
     * one, the root header. Refuses a target that holds another store's root header.
     */
    void put(long generation, byte[] rootHeader, byte[] sealedStore) throws IOException;

    /** The versions the target holds, newest first (at most {@code limit}). */
    List<CopyVersion> versions(int limit) throws IOException;

    /** One version's sealed store with the root header; {@code version} as {@link CopyVersion#version()} names it. */
    StoreCopy read(String version) throws IOException;

    /** Releases what the target holds open (an S3 client); a later use opens it again. */
    @Override
    default void close() {
    }
}
