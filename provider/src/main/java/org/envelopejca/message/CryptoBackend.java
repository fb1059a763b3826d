package org.envelopejca.message;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Signature;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * Where the message layer's primitives come from: the JDK's providers in the application's JCA order (with Bouncy
 * Castle's EC arithmetic for the trailing signature), or the Amazon Corretto Crypto Provider (ACCP, AWS-LC inside)
 * for AES-GCM and ECDSA when it is on the class path and loads healthy (HMAC stays the JDK's: see {@link #mac}). Chosen once, at first use, from the system property
 * {@value #PROPERTY}: {@code auto} (the default: ACCP when it loads, else the JDK), {@code jdk}, or {@code accp}
 * (and a {@link ProviderException} wherever a message is processed if ACCP cannot load).
 *
 * <p>ACCP is used by provider instance ({@code Cipher.getInstance(alg, provider)}), never installed JVM-wide: the
 * application's provider order stays as the application set it. Both backends write the same bytes for the same key,
 * message ID and IVs; only the ECDSA key pair and nonce of the signing suites differ, ACCP drawing them from AWS-LC's
 * own DRBG (the caller's SecureRandom cannot reach inside it).
 */
public final class CryptoBackend {
    /** The system property that picks the backend: {@code auto}, {@code jdk} or {@code accp}. */
    public static final String PROPERTY = "envelope.crypto";

    private static final CryptoBackend JDK = new CryptoBackend("jdk", "JDK providers", null);

    private final String name;
    private final String description;
    private final Provider provider;

    private CryptoBackend(String name, String description, Provider provider) {
        this.name = name;
        this.description = description;
        this.provider = provider;
    }

    /** The backend this JVM's messages use, chosen at the first call from {@value #PROPERTY}. */
    public static CryptoBackend current() {
        Chosen chosen = Chosen.INSTANCE;
        if (chosen.failure != null) {
            throw new ProviderException(chosen.failure.getMessage(), chosen.failure);
        }
        return chosen.backend;
    }

    /** The JDK backend, whatever the property says. */
    public static CryptoBackend jdk() {
        return JDK;
    }

    /** The ACCP backend, whatever the property says; a ProviderException when ACCP cannot load here. */
    public static CryptoBackend accp() {
        Accp loaded = Accp.LOADED;
        if (loaded.failure != null) {
            throw new ProviderException(PROPERTY + "=accp but ACCP cannot be used: " + loaded.failure);
        }
        return loaded.backend;
    }

    /** Whether ACCP loads healthy in this JVM (its class is present, its native library loaded, its self-test passed). */
    public static boolean accpAvailable() {
        return Accp.LOADED.failure == null;
    }

    /** {@code jdk} or {@code accp}. */
    public String name() {
        return name;
    }

    /** The backend and its version, for a provider's info string and {@code envelope --version}. */
    public String description() {
        return description;
    }

    boolean isAccp() {
        return provider != null;
    }

    @Override
    public String toString() {
        return description;
    }

    Cipher cipher(String algorithm) throws GeneralSecurityException {
        return provider == null ? Cipher.getInstance(algorithm) : Cipher.getInstance(algorithm, provider);
    }

    /**
     * The JDK's Mac with either backend: on HKDF's inputs (a few dozen bytes, a new key per call) ACCP's HMAC costs
     * more than the JDK's intrinsified one (measured in one JVM: HKDF-SHA512 5.0 against 4.2 µs CPU, HKDF-SHA256 2.8
     * against 2.1; its JNI crossing and key set-up outweigh the hashing), so ACCP's is not taken.
     */
    Mac mac(String algorithm) throws GeneralSecurityException {
        return Mac.getInstance(algorithm);
    }

    /** ACCP only: the JDK backend signs with Bouncy Castle's lightweight API, not through JCA. */
    Signature signature(String algorithm) throws GeneralSecurityException {
        return Signature.getInstance(algorithm, accpProvider());
    }

    KeyPairGenerator keyPairGenerator(String algorithm) throws GeneralSecurityException {
        return KeyPairGenerator.getInstance(algorithm, accpProvider());
    }

    KeyFactory keyFactory(String algorithm) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm, accpProvider());
    }

    private Provider accpProvider() {
        if (provider == null) {
            throw new IllegalStateException("the JDK backend has no JCA signature path");
        }
        return provider;
    }

    /**
     * The backend a value of {@value #PROPERTY} names; a ProviderException for {@code accp} without a loadable ACCP
     * or for an unknown value. Under {@code auto}, an ACCP that is present but broken costs one line on stderr.
     */
    static CryptoBackend choose(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "jdk":
                return JDK;
            case "accp":
                return accp();
            case "auto":
            case "":
                Accp auto = Accp.LOADED;
                if (auto.failure == null) {
                    return auto.backend;
                }
                if (auto.present) {
                    System.err.println("envelope: ACCP is on the class path but cannot be used (" + auto.failure
                            + "); using the JDK providers");
                }
                return JDK;
            default:
                throw new ProviderException(PROPERTY + " must be auto, jdk or accp, not '" + value + "'");
        }
    }

    /** The property's choice, made once (or the reason it cannot be honoured, thrown at every use). */
    private static final class Chosen {
        static final Chosen INSTANCE = choose();

        final CryptoBackend backend;
        final ProviderException failure;

        private Chosen(CryptoBackend backend, ProviderException failure) {
            this.backend = backend;
            this.failure = failure;
        }

        private static Chosen choose() {
            try {
                return new Chosen(CryptoBackend.choose(System.getProperty(PROPERTY, "auto")), null);
            } catch (ProviderException e) {
                return new Chosen(null, e);
            }
        }
    }

    /** ACCP loaded once: the backend, or why not (and whether its classes were there at all). */
    private static final class Accp {
        static final Accp LOADED = load();

        final CryptoBackend backend;
        final String failure;
        final boolean present;

        private Accp(CryptoBackend backend, String failure, boolean present) {
            this.backend = backend;
            this.failure = failure;
            this.present = present;
        }

        private static Accp load() {
            try {
                Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider", false,
                        CryptoBackend.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError absent) {
                return new Accp(null, "not on the class path", false);
            }
            try {
                return Loaded.load();
            } catch (RuntimeException | LinkageError e) {
                return new Accp(null, e.getClass().getSimpleName() + ": " + e.getMessage(), true);
            }
        }

        /** The only code that names ACCP's classes: not linked unless the class above was found. */
        private static final class Loaded {
            static Accp load() {
                AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
                Throwable loadingError = accp.getLoadingError();
                if (loadingError != null) {
                    return new Accp(null, "its native library did not load: " + loadingError, true);
                }
                // its own health check: loaded, and the self-tests of its algorithms pass
                accp.assertHealthy();
                // getAwsLcVersionStr() names AWS-LC itself: "AWS-LC v1.47.0"
                String description = "ACCP " + accp.getVersionStr() + " (" + accp.getAwsLcVersionStr()
                        + (accp.isFips() ? ", FIPS" : "") + ")";
                return new Accp(new CryptoBackend("accp", description, accp), null, true);
            }
        }
    }
}
