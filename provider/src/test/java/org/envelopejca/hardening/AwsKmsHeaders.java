package org.envelopejca.hardening;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Message headers built byte by byte (data-format/message-header.md, version 2, suite 0x0478, empty context) that
 * carry any number of aws-kms encrypted data keys: provider ID {@code aws-kms}, provider info a key ARN, ciphertext
 * random bytes. The header tag is random too: a reader must find no data key before it could check it.
 */
final class AwsKmsHeaders {
    private static final byte[] AWS_KMS = "aws-kms".getBytes(StandardCharsets.UTF_8);

    private AwsKmsHeaders() {
    }

    /** A header with {@code count} EDKs (1..65 535), the i-th naming {@code arnFor.apply(i)}. */
    static byte[] header(int count, IntFunction<String> arnFor, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(2);
            out.writeShort(0x0478);
            out.write(randomBytes(random, 32)); // message ID
            out.writeShort(0); // AAD length: empty context
            out.writeShort(count);
            for (int i = 0; i < count; i++) {
                out.writeShort(AWS_KMS.length);
                out.write(AWS_KMS);
                byte[] arn = arnFor.apply(i).getBytes(StandardCharsets.UTF_8);
                out.writeShort(arn.length);
                out.write(arn);
                byte[] ciphertext = randomBytes(random, 40);
                out.writeShort(ciphertext.length);
                out.write(ciphertext);
            }
            out.writeByte(2); // framed
            out.writeInt(4096);
            out.write(randomBytes(random, 32)); // commitment key
            out.write(randomBytes(random, 16)); // header tag
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The ARN of a key that does not exist, in the given region and account. */
    static String absentKeyArn(String region, String account, long n) {
        return "arn:aws:kms:" + region + ":" + account + ":key/" + new java.util.UUID(0x5EED_0000_0000_4000L, n);
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
