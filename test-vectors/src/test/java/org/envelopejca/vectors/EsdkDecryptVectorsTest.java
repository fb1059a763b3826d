package org.envelopejca.vectors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.envelopejca.vectors.ManifestRunner.Mode;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Decrypts the public ESDK decrypt-manifest vectors (read in place; see the folder's SOURCES.md) with the provider's
 * {@code Cipher}. The expected counts pin each manifest's coverage.
 */
@ExtendWith(PublicVectors.class)
class EsdkDecryptVectorsTest {

    /** Written by the ESDK's Dafny implementation 4.1.0: 11 suites, raw AES/RSA, multi-keyring, required context. */
    @TestFactory
    Stream<DynamicNode> cFromDafnyRaw() throws IOException {
        return ManifestRunner.run(ManifestRunner.esdkVectorsDir().resolve("c-from-dafny-raw/decrypt-manifest.json"),
                Mode.AS_MANIFEST, new ExpectedCounts(187, 187, 0, 0));
    }

    /** Written by ESDK-.NET 4.0.1: all 11 suites, raw AES and RSA, stored and required contexts. */
    @TestFactory
    Stream<DynamicNode> net401Raw() throws IOException {
        return ManifestRunner.run(ManifestRunner.esdkVectorsDir().resolve("net-4.0.1-raw/manifest.json"),
                Mode.AS_MANIFEST, new ExpectedCounts(99, 99, 0, 0));
    }

    /** Written by ESDK-.NET 4.0.0 where its bug did not matter (required context, no-KDF or committing suites). */
    @TestFactory
    Stream<DynamicNode> net400Valid() throws IOException {
        return ManifestRunner.run(ManifestRunner.esdkVectorsDir().resolve("net-4.0.0-valid/manifest.json"),
                Mode.AS_MANIFEST, new ExpectedCounts(5, 5, 0, 0));
    }

    /**
     * Written by ESDK-.NET 4.0.0 with its header-authentication and HKDF-info bug: the manifest says "output", but a
     * decryptor that follows the specification must reject every one.
     */
    @TestFactory
    Stream<DynamicNode> net400InvalidNonconforming() throws IOException {
        return ManifestRunner.run(
                ManifestRunner.esdkVectorsDir().resolve("net-4.0.0-invalid-NONCONFORMING/manifest.json"),
                Mode.ALL_MUST_FAIL_AUTHENTICATION, new ExpectedCounts(28, 0, 28, 0));
    }

    /** Required-context vectors must not decrypt when the caller does not supply the context. */
    @TestFactory
    Stream<DynamicNode> requiredContextIsAuthenticated() throws IOException {
        Path dir = ManifestRunner.esdkVectorsDir();
        return Stream.of(
                ManifestRunner.requiredContextWithheld(dir.resolve("c-from-dafny-raw/decrypt-manifest.json"), 55),
                ManifestRunner.requiredContextWithheld(dir.resolve("net-4.0.1-raw/manifest.json"), 33),
                ManifestRunner.requiredContextWithheld(dir.resolve("net-4.0.0-valid/manifest.json"), 5))
                .flatMap(s -> s);
    }
}
