package org.envelopejca;

import java.security.Provider;
import java.util.List;
import java.util.Map;
import org.envelopejca.signature.SignatureServices;
import org.envelopejca.message.CryptoBackend;

/**
 * The Envelope JCA provider: {@code Security.addProvider(new EnvelopeProvider())}, or list
 * {@code org.envelopejca.EnvelopeProvider} in {@code java.security}, or let {@link java.util.ServiceLoader} find it.
 */
public final class EnvelopeProvider extends Provider {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "Envelope";
    public static final String CIPHER = "Envelope/AES-GCM/NoPadding";

    private static final class KeyPairGeneratorService extends Service {
        private final boolean ec;

        KeyPairGeneratorService(Provider provider, String name, boolean ec) {
            super(provider, "KeyPairGenerator", name, "org.envelopejca.keystore.KmsKeyPairGenerator", List.of(), Map.of());
            this.ec = ec;
        }

        @Override
        public Object newInstance(Object constructorParameter) {
            return org.envelopejca.keystore.KmsKeyPairGenerator.of(ec);
        }
    }

    /**
     * Also chooses the crypto backend of this JVM's messages, once ({@link #cryptoBackend()}); with
     * {@code -Denvelope.crypto=accp} and no loadable ACCP, a {@link java.security.ProviderException}.
     */
    public EnvelopeProvider() {
        super(NAME, "0.1", "Envelope: KMS envelope encryption in the AWS Encryption SDK message format; crypto: "
                + CryptoBackend.current().description());
        putService(new Service(this, "Cipher", CIPHER, "org.envelopejca.cipher.EnvelopeCipher",
                List.of("Envelope"), Map.of()));
        putService(new Service(this, "AlgorithmParameters", "Envelope", "org.envelopejca.cipher.EnvelopeParameters",
                List.of(), Map.of()));
        putService(new Service(this, "KeyStore", "KMS", "org.envelopejca.keystore.KmsKeyStore", List.of(), Map.of()));
        putService(new Service(this, "KeyGenerator", "KMS", "org.envelopejca.keystore.KmsKeyGenerator", List.of(), Map.of()));
        // KMS signing key pairs, for keytool -genkeypair (names of their own: see KmsKeyPairGenerator)
        putService(new KeyPairGeneratorService(this, "KMS-EC", true));
        putService(new KeyPairGeneratorService(this, "KMS-RSA", false));
        // Signing with KMS signing keys only (SupportedKeyClasses); every other key stays with the JDK's providers.
        SignatureServices.of(this).forEach(this::putService);
    }

    /**
     * The crypto backend the messages of this JVM use, and its version: "ACCP 2.5.0 (AWS-LC ...)" or "JDK providers".
     * Chosen once from the system property {@value CryptoBackend#PROPERTY}: {@code auto} (default: ACCP when it is on
     * the class path and loads healthy), {@code jdk}, {@code accp}.
     */
    public static String cryptoBackend() {
        return CryptoBackend.current().description();
    }
}
