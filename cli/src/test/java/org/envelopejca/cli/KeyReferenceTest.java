package org.envelopejca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KeyReferenceTest {

    @Test
    void bareNamesAreAliases() throws UsageException {
        assertEquals("alias/demo", KeyReference.normalize("demo"));
        assertEquals("alias/demo", KeyReference.normalize("alias/demo"));
        assertEquals("alias/team/app", KeyReference.normalize("team/app"));
    }

    @Test
    void keyIdsAndArnsStayAsTheyAre() throws UsageException {
        String id = "1234abcd-12ab-34cd-56ef-1234567890ab";
        assertEquals(id, KeyReference.normalize(id));
        assertEquals("mrk-1234abcd12ab34cd56ef1234567890ab", KeyReference.normalize("mrk-1234abcd12ab34cd56ef1234567890ab"));
        String arn = "arn:aws:kms:us-east-1:111122223333:key/" + id;
        assertEquals(arn, KeyReference.normalize(arn));
        assertEquals("arn:aws:kms:us-east-1:111122223333:alias/x",
                KeyReference.normalize("arn:aws:kms:us-east-1:111122223333:alias/x"));
    }

    @Test
    void aliasesToCreateFollowKmsRules() throws UsageException {
        assertEquals("alias/a-b_c:d/e", KeyReference.aliasToCreate("a-b_c:d/e"));
        assertThrows(UsageException.class, () -> KeyReference.aliasToCreate("with space"));
        assertThrows(UsageException.class, () -> KeyReference.aliasToCreate("alias/"));
        assertThrows(UsageException.class, () -> KeyReference.aliasToCreate("alias/aws/mine"));
        assertThrows(UsageException.class, () -> KeyReference.aliasToCreate("x".repeat(251)));
        assertThrows(UsageException.class, () -> KeyReference.aliasToCreate(" "));
        assertThrows(UsageException.class,
                () -> KeyReference.aliasToCreate("arn:aws:kms:us-east-1:111122223333:alias/x"));
    }
}
