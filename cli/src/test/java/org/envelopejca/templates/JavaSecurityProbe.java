package org.envelopejca.templates;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Run in a child JVM by {@link JavaSecurityTemplateTest}: uses the Envelope cipher the way an application would
 * when the provider is registered by configuration only (no {@code Security.addProvider}, no provider argument).
 * Prints the installed providers in order, then the outcome.
 */
public final class JavaSecurityProbe {

    private JavaSecurityProbe() {
    }

    public static void main(String[] args) throws Exception {
        for (Provider p : Security.getProviders()) {
            System.out.println("provider " + p.getName());
        }
        Cipher cipher = Cipher.getInstance("Envelope/AES-GCM/NoPadding");
        System.out.println("cipher from " + cipher.getProvider().getName());

        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);
        SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
        byte[] plaintext = "configured by java.security only".getBytes(StandardCharsets.UTF_8);
        cipher.init(Cipher.ENCRYPT_MODE, key);
        byte[] message = cipher.doFinal(plaintext);
        cipher.init(Cipher.DECRYPT_MODE, key);
        byte[] back = cipher.doFinal(message);
        System.out.println(Arrays.equals(plaintext, back) ? "round trip ok" : "round trip MISMATCH");
    }
}
