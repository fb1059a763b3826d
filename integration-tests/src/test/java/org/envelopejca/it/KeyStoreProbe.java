package org.envelopejca.it;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;

/**
 * Main class of the JVMs that {@link JavaSecurityTemplateTest} and {@link ModulePathTest} start: an application
 * that relies on configuration alone to find the provider (no {@code Security.addProvider}, no provider argument).
 * With the KeyStore configuration file as argument: creates a KMS key and its alias through the KeyStore, encrypts
 * and decrypts with it, stores the configuration back and reads the alias again from a second load.
 */
public final class KeyStoreProbe {
    private KeyStoreProbe() {
    }

    public static void main(String[] args) throws Exception {
        for (Provider p : Security.getProviders()) {
            System.out.println("provider " + p.getName());
        }
        Path config = Path.of(args[0]);
        Cipher cipher = Cipher.getInstance("Envelope/AES-GCM/NoPadding");
        System.out.println("cipher from " + cipher.getProvider().getName());
        System.out.println("provider module " + cipher.getProvider().getClass().getModule().getName());
        KeyStore store = KeyStore.getInstance("KMS");
        System.out.println("keystore from " + store.getProvider().getName());
        try (InputStream in = Files.newInputStream(config)) {
            store.load(in, null);
        }
        KeyGenerator generator = KeyGenerator.getInstance("KMS");
        store.setKeyEntry("probe", generator.generateKey(), null, null);
        Key key = store.getKey("probe", null);

        byte[] plaintext = "configured by java.security only".getBytes(StandardCharsets.UTF_8);
        cipher.init(Cipher.ENCRYPT_MODE, key);
        byte[] message = cipher.doFinal(plaintext);
        try (OutputStream out = Files.newOutputStream(config)) {
            store.store(out, null);
        }

        KeyStore again = KeyStore.getInstance("KMS");
        try (InputStream in = Files.newInputStream(config)) {
            again.load(in, null);
        }
        cipher.init(Cipher.DECRYPT_MODE, again.getKey("alias/probe", null));
        byte[] back = cipher.doFinal(message);
        System.out.println("aliases " + String.join(",", java.util.Collections.list(again.aliases())));
        System.out.println(Arrays.equals(plaintext, back) ? "round trip ok" : "round trip MISMATCH");
    }
}
