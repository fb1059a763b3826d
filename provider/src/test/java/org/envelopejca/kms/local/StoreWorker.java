package org.envelopejca.kms.local;

import org.envelopejca.kms.CreateKeyRequest;
import org.envelopejca.kms.KeyMetadata;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * A separate JVM writing to a store, for the multi-process tests. Prints one line after each call that returned
 * (so the parent knows what was committed): {@code KEY <keyId>}, {@code ALIAS <name> <keyId>},
 * {@code ROTATED <keyId>}.
 *
 * <p>Arguments: store directory, mode ({@code create}: {@code count} keys each with an alias, then exit;
 * {@code churn}: create, alias, rotate, re-point aliases, forever), a prefix for alias names, count.
 */
public final class StoreWorker {
    private StoreWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String mode = args[1];
        String prefix = args[2];
        int count = Integer.parseInt(args[3]);
        PrintStream out = System.out;
        try (LocalKms kms = LocalKms.open(dir, LocalKmsOptions.builder().caller(Caller.of("worker-" + prefix,
                "AKIDWORKER" + prefix.toUpperCase(java.util.Locale.ROOT))).build())) {
            out.println("READY");
            out.flush();
            for (int i = 0; mode.equals("churn") || i < count; i++) {
                KeyMetadata key = kms.createKey(CreateKeyRequest.symmetric(prefix + " " + i));
                out.println("KEY " + key.keyId());
                out.flush();
                String alias = "alias/" + prefix + "/" + i;
                kms.createAlias(alias, key.keyId());
                out.println("ALIAS " + alias + " " + key.keyId());
                out.flush();
                if (mode.equals("churn")) {
                    kms.rotateKeyOnDemand(key.keyId());
                    out.println("ROTATED " + key.keyId());
                    out.flush();
                    if (i > 0) {
                        kms.updateAlias("alias/" + prefix + "/" + (i - 1), key.keyId());
                    }
                    kms.encrypt(alias, new byte[]{1, 2, 3}, Map.of("i", Integer.toString(i)), null);
                }
            }
        }
        out.println("DONE");
        out.flush();
    }
}
