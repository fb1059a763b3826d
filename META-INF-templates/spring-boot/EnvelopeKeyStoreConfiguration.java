package com.example.envelope; // your application's package

import java.io.InputStream;
import java.security.Key;
import java.security.KeyStore;
import java.security.Security;
import org.envelopejca.EnvelopeProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

/**
 * The KMS KeyStore and the application's KMS key as Spring beans, configured by application.properties. A Cipher
 * is not thread-safe: take one per use, {@code Cipher.getInstance("Envelope/AES-GCM/NoPadding")}, and init it with
 * the key bean. Every Cipher inited with keys of this one KeyStore shares its data-key cache.
 */
@Configuration(proxyBeanMethods = false)
public class EnvelopeKeyStoreConfiguration {

    @Bean
    public KeyStore kmsKeyStore(@Value("${envelope.keystore.location}") Resource location,
                                @Value("${envelope.keystore.password:}") String password) throws Exception {
        if (Security.getProvider(EnvelopeProvider.NAME) == null) {
            Security.addProvider(new EnvelopeProvider()); // unless java.security registers it
        }
        KeyStore store = KeyStore.getInstance("KMS");
        try (InputStream in = location.getInputStream()) {
            store.load(in, password.isEmpty() ? null : password.toCharArray());
        }
        return store;
    }

    @Bean
    public Key envelopeKey(KeyStore kmsKeyStore, @Value("${envelope.key-alias}") String alias) throws Exception {
        Key key = kmsKeyStore.getKey(alias, null);
        if (key == null) {
            throw new IllegalStateException("the KMS KeyStore has no key " + alias);
        }
        return key;
    }
}
