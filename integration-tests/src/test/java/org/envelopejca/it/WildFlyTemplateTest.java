package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.security.Provider;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.envelopejca.EnvelopeProvider;
import org.junit.jupiter.api.Test;

/**
 * wildfly/envelope-elytron.cli cannot run here (no WildFly); what it relies on is checked: the module name it
 * gives, the provider found by ServiceLoader under the name it asks for, and that provider's KeyStore type.
 */
class WildFlyTemplateTest {

    private static String value(String script, String regex) {
        Matcher m = Pattern.compile(regex).matcher(script);
        assertTrue(m.find(), () -> "the script has " + regex);
        return m.group(1);
    }

    @Test
    void theNamesTheScriptUsesExist() throws Exception {
        String script = Files.readString(Deployment.template("wildfly/envelope-elytron.cli"));

        assertEquals(ModulePathTest.MODULE, value(script, "module add --name=([\\w.]+)"));
        assertEquals(ModulePathTest.MODULE, value(script, "provider-loader=\\w+:add\\(module=([\\w.]+)\\)"));

        String providerName = value(script, "key-store=\\w+:add\\(.*provider-name=(\\w+)");
        String type = value(script, "key-store=\\w+:add\\(type=(\\w+)");
        Provider provider = ServiceLoader.load(Provider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.getName().equals(providerName))
                .findFirst().orElse(null);
        assertNotNull(provider, "ServiceLoader finds a provider named " + providerName);
        assertEquals(EnvelopeProvider.class, provider.getClass());
        assertNotNull(provider.getService("KeyStore", type), "the provider has KeyStore " + type);

        String loader = value(script, "provider-loader=(\\w+):add");
        assertEquals(loader, value(script, "providers=(\\w+)"));
        assertEquals(loader, value(script, "final-providers, value=(\\w+)"));
    }
}
