package org.envelopejca.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.envelopejca.keystore.KeyStoreConfig;
import org.junit.jupiter.api.Test;

/** Each KeyStore configuration example parses, and means what its comments say. */
class KeyStoreTemplatesTest {

    static KeyStoreConfig parse(String template) throws Exception {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Deployment.template(template), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return KeyStoreConfig.parse(p);
    }

    @Test
    void embedded() throws Exception {
        KeyStoreConfig c = parse("keystore/kms-embedded.properties");
        KeyStoreConfig defaults = KeyStoreConfig.defaults();
        assertEquals("local", c.kms());
        assertEquals(defaults.localPath(), c.localPath(), "local.path is left to the default home");
        assertEquals("us-east-1", c.localRegion());
        assertEquals("111122223333", c.localAccount());
        // "an empty file means the same"
        assertEquals(defaults, c);
    }

    @Test
    void awsRegionAndProfile() throws Exception {
        KeyStoreConfig c = parse("keystore/kms-aws.properties");
        assertEquals("aws", c.kms());
        assertEquals("eu-west-1", c.aws().region());
        assertEquals("orders-service", c.aws().profile());
        assertNull(c.aws().endpoint());
    }

    @Test
    void awsEndpoint() throws Exception {
        KeyStoreConfig c = parse("keystore/kms-aws-endpoint.properties");
        assertEquals("aws", c.kms());
        assertEquals("us-east-1", c.aws().region());
        assertEquals("https://kms-fips.us-east-1.amazonaws.com", c.aws().endpoint().toString());
        assertNull(c.aws().profile());
    }

    @Test
    void staticMultiRegionAliases() throws Exception {
        KeyStoreConfig c = parse("keystore/kms-static-aliases.properties");
        assertEquals(List.of("alias/invoices", "alias/orders"), List.copyOf(c.staticAliases().keySet()));
        List<String> orders = c.staticAliases().get("alias/orders");
        assertEquals(2, orders.size());
        assertTrue(orders.get(0).startsWith("arn:aws:kms:us-east-1:"), orders::toString);
        assertTrue(orders.get(1).startsWith("arn:aws:kms:eu-west-1:"), orders::toString);
        // one multi-Region key, replicated: same key ID in both ARNs
        assertEquals(orders.get(0).substring(orders.get(0).indexOf(":key/")),
                orders.get(1).substring(orders.get(1).indexOf(":key/")));
        assertEquals(Duration.ofMinutes(1), c.aliasTtl());
    }

    @Test
    void cacheSettings() throws Exception {
        KeyStoreConfig c = parse("keystore/kms-cache.properties");
        assertTrue(c.cache().enabled());
        assertEquals(Duration.ofMinutes(1), c.cache().maxAge());
        assertEquals(10_000, c.cache().maxMessages());
        assertEquals(Long.MAX_VALUE, c.cache().maxBytes());
        assertEquals(100, c.cache().capacity());
        assertFalse(c.cache().equals(KeyStoreConfig.defaults().cache()));
    }

    @Test
    void everyExampleRoundTripsThroughToProperties() throws Exception {
        for (String t : List.of("kms-embedded", "kms-aws", "kms-aws-endpoint", "kms-static-aliases", "kms-cache")) {
            KeyStoreConfig c = parse("keystore/" + t + ".properties");
            assertEquals(c, KeyStoreConfig.parse(c.toProperties()), t);
        }
    }
}
