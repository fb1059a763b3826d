package org.envelopejca.kms.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class S3LocationTest {

    @Test
    void parsesBucketAndPrefix() {
        S3Location l = S3Location.parse("s3://audit-bucket/envelope/prod/");
        assertEquals("audit-bucket", l.bucket());
        assertEquals("envelope/prod", l.prefix());
        assertEquals("envelope/prod/AWSLogs", l.key("AWSLogs"));
        assertEquals("envelope/prod/", l.listPrefix());
        assertEquals("s3://audit-bucket/envelope/prod", l.toString());
        assertEquals(l, S3Location.parse(l.toString()));
    }

    @Test
    void bucketAloneHasAnEmptyPrefix() {
        S3Location l = S3Location.parse("s3://my.bucket-1");
        assertEquals("", l.prefix());
        assertEquals("AWSLogs", l.key("AWSLogs"));
        assertEquals("", l.listPrefix());
    }

    @Test
    void refusesWhatIsNotAnS3Location() {
        for (String bad : new String[] {"bucket/prefix", "s3://", "s3://ab", "s3://Upper", "s3://-dash",
                "s3://dash-", "s3://a..b", "s3://192.168.1.1", "s3://b/x//y", "s3://b/x\ny", "s3://b/x\\y",
                "s3://" + "b".repeat(64), "s3://bucket/" + "p".repeat(S3Location.MAX_PREFIX + 1)}) {
            assertThrows(IllegalArgumentException.class, () -> S3Location.parse(bad), bad);
        }
    }
}
