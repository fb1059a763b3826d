package org.envelopejca.kms.local;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeyMetadata;

/**
 * A separate JVM running the embedded engine with audit delivery on, for the kill -9 test: makes calls without end,
 * printing {@code CALL n} after each returned, while its deliverer uploads every few tens of milliseconds and signs
 * a digest every few hundred.
 *
 * <p>Arguments: store directory, bucket, S3 endpoint.
 */
public final class DeliveryWorker {
    private DeliveryWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        AuditDeliverySettings settings = DeliveryFixture.settings(args[1], URI.create(args[2]),
                Duration.ofMillis(30), Duration.ofMillis(200));
        PrintStream out = System.out;
        try (LocalKms kms = DeliveryFixture.open(dir, settings)) {
            KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric("crash test"));
            out.println("READY");
            out.flush();
            for (long i = 0; ; i++) {
                kms.generateDataKey(key.keyId(), 32, Map.of("call", Long.toString(i)));
                out.println("CALL " + i);
                out.flush();
                // a few hundred calls a second: small files, short rounds, a digest every few rounds
                Thread.sleep(2);
            }
        }
    }
}
