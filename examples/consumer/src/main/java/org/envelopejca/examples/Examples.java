package org.envelopejca.examples;

import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.spec.SecretKeySpec;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;

/**
 * The README's Java examples as an application writes them, statement for statement (ReadmeExamplesTest checks that
 * every line of the README's blocks is here, so the two cannot drift apart).
 */
public final class Examples {

    private Examples() {
    }

    /** README, "Java API": a raw AES wrapping key. Returns the decrypted plaintext. */
    public static byte[] rawKey(byte[] plaintext) throws Exception {
        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);                  // keep this key: it unwraps every data key
        SecretKeySpec wrappingKey = new SecretKeySpec(keyBytes, "AES");

        Cipher cipher = Cipher.getInstance("Envelope/AES-GCM/NoPadding", new EnvelopeProvider());  // alias "Envelope"
        EnvelopeParameterSpec spec = EnvelopeParameterSpec.builder()
                .encryptionContext(Map.of("purpose", "orders"))  // stored in the message, authenticated
                .build();

        cipher.init(Cipher.ENCRYPT_MODE, wrappingKey, spec);
        byte[] message = cipher.doFinal(plaintext);              // an ESDK message carrying its wrapped data key

        cipher.init(Cipher.DECRYPT_MODE, wrappingKey, spec);     // on decryption: the context the message must match
        byte[] back = cipher.doFinal(message);
        return back;
    }

    /** README, "In code: the KMS KeyStore": a KMS key of the embedded KMS. Returns the decrypted plaintext. */
    public static byte[] kmsKeyStore(byte[] plaintext) throws Exception {
        Security.addProvider(new EnvelopeProvider());
        KeyStore store = KeyStore.getInstance("KMS");
        store.load(null, null);             // the embedded KMS in $ENVELOPE_HOME (default ~/.envelope); its root key in root.key
        if (!store.containsAlias("orders")) {  // KMS CreateKey and CreateAlias
            store.setKeyEntry("orders", KeyGenerator.getInstance("KMS").generateKey(), null, null);
        }
        Key key = store.getKey("orders", null);  // a handle (KmsKey): the key material never leaves the KMS

        Cipher cipher = Cipher.getInstance("Envelope/AES-GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key);    // a data key from the KMS (or the store's data-key cache)
        byte[] message = cipher.doFinal(plaintext);
        cipher.init(Cipher.DECRYPT_MODE, key);    // the KMS unwraps the message's data key
        byte[] back = cipher.doFinal(message);
        return back;
    }
}
