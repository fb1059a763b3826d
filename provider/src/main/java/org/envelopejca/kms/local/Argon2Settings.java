package org.envelopejca.kms.local;

/**
 * Argon2id (RFC 9106, version 0x13) cost parameters for turning a password into the root key. The parameters in
 * force are stored in the store's root header, so a store keeps opening with the costs it was created with.
 *
 * @param memoryKiB   memory in KiB
 * @param iterations  passes over the memory
 * @param parallelism lanes
 */
public record Argon2Settings(int memoryKiB, int iterations, int parallelism) {
    /**
     * RFC 9106 section 4, second recommended option (for environments without much memory): 64 MiB, 3 passes,
     * 4 lanes; with a 16-byte random salt and a 32-byte output.
     */
    public static final Argon2Settings DEFAULT = new Argon2Settings(64 * 1024, 3, 4);

    /** Upper bounds applied to parameters read back from a store, so a tampered header cannot exhaust memory. */
    static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 64;

    public Argon2Settings {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("Argon2 parallelism must be 1.." + MAX_PARALLELISM);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("Argon2 iterations must be 1.." + MAX_ITERATIONS);
        }
        // RFC 9106 section 3.1: memory is at least 8 KiB per lane.
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2 memory must be 8*parallelism.." + MAX_MEMORY_KIB + " KiB");
        }
    }
}
