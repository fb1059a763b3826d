package org.envelopejca.keystore;

/**
 * The engine of the KMS KeyStore loaded last in this JVM: where {@link KmsKeyPairGenerator} creates keys. A
 * KeyPairGenerator has no link to a KeyStore in JCA, yet keytool generates a key pair before it stores it; it
 * always loads the KeyStore first, so the store it loaded is the one the key belongs in. The one deliberate piece of
 * static mutable state of the KeyStore.
 */
final class LoadedEngines {
    private static volatile KeyStoreEngine latest;

    private LoadedEngines() {
    }

    static void loaded(KeyStoreEngine engine) {
        latest = engine;
    }

    /** @throws IllegalStateException when no KMS KeyStore has been loaded in this JVM */
    static KeyStoreEngine latest() {
        KeyStoreEngine e = latest;
        if (e == null) {
            throw new IllegalStateException("no KMS KeyStore loaded in this JVM: load one before generating KMS key pairs");
        }
        return e;
    }
}
