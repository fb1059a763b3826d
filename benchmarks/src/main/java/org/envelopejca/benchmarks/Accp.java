package org.envelopejca.benchmarks;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import java.security.Security;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.message.CryptoBackend;

/** ACCP for the benchmarks: its provider instance, or installed JVM-wide for the ESDK's best configuration. */
final class Accp {
    private Accp() {
    }

    /** ACCP's provider instance, healthy, or an exception that stops the trial. */
    static Provider provider() {
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        accp.assertHealthy();
        return accp;
    }

    /**
     * ACCP first in the JVM's provider order, as its documentation tells an application to do: every JCA lookup
     * without a provider name (the ESDK's) then finds AWS-LC. For a JVM of its own only.
     */
    static void installJvmWide() {
        provider();
        AmazonCorrettoCryptoProvider.install();
        if (!Security.getProviders()[0].getName().equals(AmazonCorrettoCryptoProvider.PROVIDER_NAME)) {
            throw new IllegalStateException("ACCP is not the first provider after install()");
        }
    }

    /** ACCP's setting for its native AES-GCM contexts: a JVM-wide system property read when ACCP loads. */
    static final String CONTEXT_RELEASE_PROPERTY = "com.amazon.corretto.crypto.provider.nativeContextReleaseStrategy";

    /** The native-context setting in force, for the runners' first line: it changes small-message rates. */
    static String contextRelease() {
        return "ACCP native contexts: " + System.getProperty(CONTEXT_RELEASE_PROPERTY, "HYBRID (its default)");
    }

    /** Envelope's JDK backend in this JVM: before its first message, else the trial stops. */
    static void useJdkBackend() {
        System.setProperty(CryptoBackend.PROPERTY, "jdk");
        if (!EnvelopeProvider.cryptoBackend().equals(CryptoBackend.jdk().description())) {
            throw new IllegalStateException("this JVM chose its backend already: " + EnvelopeProvider.cryptoBackend());
        }
    }
}
