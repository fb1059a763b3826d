package org.envelopejca.keyring;

/** Checks on the key namespace and key name of raw keyrings (framework/raw-aes-keyring.md, initialization). */
final class RawKeyNames {
    private RawKeyNames() {
    }

    static String checkNamespace(String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            throw new IllegalArgumentException("key namespace must not be empty");
        }
        // The aws-kms prefix belongs to the KMS keyrings: a raw key claiming it would be confused with a KMS key.
        if (namespace.startsWith("aws-kms")) {
            throw new IllegalArgumentException("key namespace must not start with aws-kms");
        }
        return namespace;
    }

    static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("key name must not be empty");
        }
        return name;
    }
}
