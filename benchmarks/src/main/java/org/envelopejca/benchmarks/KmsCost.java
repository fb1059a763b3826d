package org.envelopejca.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import org.envelopejca.EnvelopeParameterSpec;
import org.envelopejca.EnvelopeProvider;

/**
 * What a CMK costs in KMS calls: encrypts N 1 KiB messages (default 100 000) with a key of the embedded KMS, once with
 * the KeyStore's default data-key cache and once with {@code cache.enabled=false}, each in a fresh store, and counts
 * the KMS calls from the engine's audit log (one line per call, CloudTrail style). Prints calls per N messages and
 * messages per second for both. A plain main, not JMH: the call count is the figure, the rate is a by-product.
 * Usage: {@code java -cp benchmarks.jar org.envelopejca.benchmarks.KmsCost [messages]}.
 */
public final class KmsCost {
    private static final int MESSAGE_SIZE = 1024;
    private static final Pattern EVENT_NAME = Pattern.compile("\"eventName\"\\s*:\\s*\"([A-Za-z]+)\"");

    private KmsCost() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        System.out.printf(Locale.ROOT, "JDK %s, %,d messages of %d bytes, an init per message%n%n",
                Runtime.version(), messages, MESSAGE_SIZE);
        System.out.println("| data-key cache | KMS calls | calls by operation | messages/s |");
        System.out.println("|---|--:|---|--:|");
        for (boolean cache : new boolean[] {true, false}) {
            Path dir = Files.createTempDirectory("envelope-kms-cost");
            try {
                run(dir, cache, messages);
            } finally {
                DirectoryTrees.delete(dir);
            }
        }
    }

    private static void run(Path dir, boolean cache, int messages) throws Exception {
        EnvelopeProvider provider = new EnvelopeProvider();
        KeyStore store = KeyStore.getInstance("KMS", provider);
        String properties = "kms=local\nlocal.path=" + dir.toString().replace("\\", "\\\\") + "\n"
                + (cache ? "" : "cache.enabled=false\n");
        store.load(new ByteArrayInputStream(properties.getBytes(StandardCharsets.UTF_8)), null);
        store.setKeyEntry("benchmark", KeyGenerator.getInstance("KMS", provider).generateKey(), null, null);
        Key key = store.getKey("alias/benchmark", null);

        Cipher cipher = Cipher.getInstance("Envelope/AES-GCM/NoPadding", provider);
        EnvelopeParameterSpec spec = EnvelopeParameterSpec.builder()
                .encryptionContext(Map.of("purpose", "benchmark"))
                .build();
        byte[] plaintext = Inputs.plaintext(MESSAGE_SIZE);

        Path audit = auditLog(dir);
        Map<String, Long> before = calls(audit);
        long start = System.nanoTime();
        // the first message sizes the output buffer; it counts, as its data key is the one the cache keeps
        cipher.init(Cipher.ENCRYPT_MODE, key, spec);
        byte[] output = new byte[cipher.doFinal(plaintext).length + 1024];
        for (int i = 1; i < messages; i++) {
            cipher.init(Cipher.ENCRYPT_MODE, key, spec);
            cipher.doFinal(plaintext, 0, plaintext.length, output, 0);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> after = calls(audit);
        after.replaceAll((operation, count) -> count - before.getOrDefault(operation, 0L));
        after.values().removeIf(count -> count == 0);
        long total = after.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "| %s | %,d | %s | %,.0f |%n", cache ? "default" : "off (cache.enabled=false)",
                total, after.isEmpty() ? "–" : after.toString(), messages / seconds);
    }

    /** The engine's audit log: the one file in the store directory whose name says so. */
    private static Path auditLog(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("audit")).findFirst()
                    .orElseThrow(() -> new IOException("no audit log in the KMS store directory"));
        }
    }

    private static Map<String, Long> calls(Path audit) throws IOException {
        Map<String, Long> calls = new TreeMap<>();
        try (Stream<String> lines = Files.lines(audit, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                Matcher m = EVENT_NAME.matcher(line);
                if (m.find()) {
                    calls.merge(m.group(1), 1L, Long::sum);
                }
            });
        }
        return calls;
    }

}
