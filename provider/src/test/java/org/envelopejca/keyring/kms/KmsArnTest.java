package org.envelopejca.keyring.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class KmsArnTest {
    private static final String MRK = "arn:aws:kms:us-east-1:111122223333:key/mrk-4321abcd12ab34cd56ef1234567890ab";
    private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    @Test
    void parsesTheSpecExamples() {
        KmsArn arn = KmsArn.parse(MRK).orElseThrow();
        assertEquals("aws", arn.partition());
        assertEquals("us-east-1", arn.region());
        assertEquals("111122223333", arn.account());
        assertEquals("key", arn.resourceType());
        assertTrue(arn.isMultiRegionKey());
        assertEquals(MRK, arn.toString());
        assertFalse(KmsArn.parse(KEY).orElseThrow().isMultiRegionKey());
        assertFalse(KmsArn.parse("arn:aws:kms:us-west-2:111122223333:alias/mrk-x").orElseThrow().isMultiRegionKey());
        assertEquals("a/b", KmsArn.parse("arn:aws:kms:r:1:alias/a/b").orElseThrow().resourceId());
    }

    @Test
    void refusesWhatTheSpecRefuses() {
        for (String bad : new String[] {"", "arn:aws:kms:us-east-1:1:key", "arn::kms:r:1:key/x", "arn:aws:s3:r:1:key/x",
                "arn:aws:kms::1:key/x", "arn:aws:kms:r::key/x", "arn:aws:kms:r:1:grant/x", "arn:aws:kms:r:1:key/",
                "arx:aws:kms:r:1:key/x", "arn:aws:kms:r:1:key/x:y"}) {
            assertTrue(KmsArn.parse(bad).isEmpty(), bad);
        }
        assertTrue(KmsArn.parseKeyArn("arn:aws:kms:r:1:alias/x").isEmpty());
    }

    @Test
    void classifiesIdentifiers() {
        assertTrue(KmsArn.isMultiRegionIdentifier("mrk-123"));
        assertFalse(KmsArn.isMultiRegionIdentifier("alias/mrk-123"));
        assertFalse(KmsArn.isMultiRegionIdentifier("1234abcd-12ab-34cd-56ef-1234567890ab"));
        assertTrue(KmsArn.isMultiRegionIdentifier(MRK));
        assertTrue(KmsArn.isValidIdentifier("alias/x"));
        assertTrue(KmsArn.isValidIdentifier("mrk-1"));
        assertFalse(KmsArn.isValidIdentifier("alias/"));
        assertFalse(KmsArn.isValidIdentifier("arn:aws:kms:r:1:key/"));
    }

    @Property(tries = 200)
    void mrkMatchIgnoresOnlyTheRegionOfMultiRegionKeys(@ForAll("regions") String r1, @ForAll("regions") String r2,
                                                       @ForAll boolean multiRegion, @ForAll("accounts") String otherAccount) {
        String id = multiRegion ? "mrk-4321abcd12ab34cd56ef1234567890ab" : "1234abcd-12ab-34cd-56ef-1234567890ab";
        String a = "arn:aws:kms:" + r1 + ":111122223333:key/" + id;
        String b = "arn:aws:kms:" + r2 + ":111122223333:key/" + id;
        assertEquals(multiRegion || r1.equals(r2), KmsArn.mrkMatch(a, b));
        assertEquals(KmsArn.mrkMatch(a, b), KmsArn.mrkMatch(b, a));
        String c = "arn:aws:kms:" + r2 + ":" + otherAccount + ":key/" + id;
        assertEquals(otherAccount.equals("111122223333") && (multiRegion || r1.equals(r2)), KmsArn.mrkMatch(a, c));
        assertFalse(KmsArn.mrkMatch(a, "arn:aws-cn:kms:" + r1 + ":111122223333:key/" + id));
    }

    @Provide
    Arbitrary<String> regions() {
        return Arbitraries.of("us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2");
    }

    @Provide
    Arbitrary<String> accounts() {
        return Arbitraries.of("111122223333", "444455556666");
    }
}
