package org.envelopejca.kms.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.envelopejca.EnvelopeProvider;
import org.envelopejca.kms.AliasEntry;
import org.envelopejca.kms.KeyMetadata;
import org.envelopejca.kms.Page;
import org.junit.jupiter.api.Test;

/** Limit and Marker against a stub that pages (Moto answers every listing in one page, whatever the Limit). */
class AwsKmsPaginationTest {

    @Test
    void listingsFollowTheMarkers() throws Exception {
        try (KmsStub stub = new KmsStub();
             AwsKms kms = AwsKms.create(AwsKmsConfig.builder().region("us-east-1").endpoint(stub.endpoint())
                     .staticCredentials("AKIDSTUB", "stub-secret", null).build())) {
            List<String> keyIds = new ArrayList<>();
            List<String> markers = new ArrayList<>();
            String marker = null;
            do {
                Page<KeyMetadata> page = kms.listKeys(2, marker);
                page.items().forEach(k -> keyIds.add(k.keyId()));
                marker = page.nextMarker();
                markers.add(marker);
            } while (marker != null);
            assertEquals(KmsStub.LISTED, keyIds.size());
            assertEquals(KmsStub.LISTED, keyIds.stream().distinct().count());
            assertEquals(java.util.Arrays.asList("2", "4", null), markers);

            Page<AliasEntry> first = kms.listAliases(null, 4, null);
            assertEquals(4, first.items().size());
            assertEquals("alias/a0", first.items().get(0).aliasName());
            assertEquals(Instant.ofEpochSecond(1_700_000_000), first.items().get(0).creationDate());
            Page<AliasEntry> last = kms.listAliases(null, 4, first.nextMarker());
            assertEquals(List.of("alias/a4"), last.items().stream().map(AliasEntry::aliasName).toList());
            assertNull(last.nextMarker());

            // The KeyStore's alias listing goes through the engine's ListAliases.
            String props = "kms=aws\naws.region=us-east-1\naws.endpoint=" + stub.endpoint()
                    + "\naws.access-key-id=AKIDSTUB\naws.secret-access-key=stub-secret\n";
            KeyStore ks = KeyStore.getInstance("KMS", new EnvelopeProvider());
            ks.load(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)), null);
            assertEquals(List.of("alias/a0", "alias/a1", "alias/a2", "alias/a3", "alias/a4"), Collections.list(ks.aliases()));
        }
    }
}
