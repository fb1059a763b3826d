package org.envelopejca.vectors;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One test of a decrypt manifest.
 *
 * @param id                 the test's name in the manifest
 * @param description        the manifest's description, or a summary of the test when it has none
 * @param ciphertext         the message file
 * @param plaintext          the expected plaintext file; empty for a negative test
 * @param errorDescription   why decryption must fail (negative tests), else null
 * @param masterKeys         the keys that may decrypt, in manifest order (multi-keyrings flattened, generator first)
 * @param unsupportedKeyring a keyring or CMM type this runner cannot map to the JCA API, else null
 * @param encryptionContext  the context to hand the decryptor (v5 reproduced context; v4 "encryption-context")
 * @param requiredContext    whether the message was written with a required-encryption-context CMM (part of the
 *                           context authenticated but not stored)
 * @param suiteId            the algorithm suite the manifest names (v5), or -1
 */
public record DecryptTestCase(String id, String description, Path ciphertext, Optional<Path> plaintext,
                              String errorDescription, List<MasterKeySpec> masterKeys, String unsupportedKeyring,
                              Map<String, String> encryptionContext, boolean requiredContext, int suiteId) {

    public DecryptTestCase {
        masterKeys = List.copyOf(masterKeys);
        encryptionContext = Map.copyOf(encryptionContext);
    }

    /** The same test with another context handed to the decryptor. */
    public DecryptTestCase withEncryptionContext(Map<String, String> context) {
        return new DecryptTestCase(id, description, ciphertext, plaintext, errorDescription, masterKeys,
                unsupportedKeyring, context, requiredContext, suiteId);
    }

    public boolean isPositive() {
        return plaintext.isPresent();
    }
}
