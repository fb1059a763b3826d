package org.envelopejca.cli;

import org.envelopejca.EnvelopeProvider;
import picocli.CommandLine.IVersionProvider;

/** Reports the provider's version (the command and the provider are built together) and its crypto backend. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        EnvelopeProvider provider = new EnvelopeProvider();
        return new String[] {"envelope " + provider.getVersionStr() + " (provider " + provider.getName() + ")",
            "crypto: " + EnvelopeProvider.cryptoBackend()};
    }
}
