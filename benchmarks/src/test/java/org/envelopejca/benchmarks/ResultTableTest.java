package org.envelopejca.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tables pair each Envelope row with the raw and ESDK rows of its own shape, each KMS-keyed Envelope row with
 * the ESDK and Tink rows of its own KMS, cache setting and thread count, and two threads with one thread.
 */
class ResultTableTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ObjectNode result(String benchmark, String variant, int messageSize, String suite, int threads,
                                     double opsPerSecond, double cpuNanos) {
        ObjectNode r = MAPPER.createObjectNode();
        r.put("benchmark", "org.envelopejca.benchmarks." + benchmark);
        r.put("threads", threads);
        ObjectNode params = r.putObject("params");
        params.put("messageSize", Integer.toString(messageSize));
        params.put("frameLength", "65536");
        params.put("suite", suite);
        params.put("variant", variant);
        ObjectNode primary = r.putObject("primaryMetric");
        primary.put("score", opsPerSecond);
        primary.put("scoreError", opsPerSecond / 10);
        primary.put("scoreUnit", "ops/s");
        r.putObject("secondaryMetrics").putObject("·cpu.worker.norm").put("score", cpuNanos);
        return r;
    }

    private static ObjectNode kms(String benchmark, String variant, int messageSize, int threads, double opsPerSecond,
                                  double cpuNanos) {
        ObjectNode r = result(benchmark, variant, messageSize, "0x0478", threads, opsPerSecond, cpuNanos);
        ((ObjectNode) r.get("params")).put("kmsAudit", "batched");
        return r;
    }

    private static List<String> print(ObjectNode... results) {
        ArrayNode array = MAPPER.createArrayNode();
        Arrays.stream(results).forEach(array::add);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResultTable.print(array, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static List<String> cells(String row) {
        return Arrays.stream(row.split("\\|")).map(String::trim).skip(1).toList();
    }

    @Test
    void envelopeRowsGetTheirOwnSuitesEsdkRatio() {
        List<String> lines = print(
                result("MessageSizes.encrypt", "raw", 1024, "0x0478", 1, 1_000_000, 500),
                result("MessageSizes.encrypt", "envelope", 1024, "0x0478", 1, 100_000, 10_000),
                result("MessageSizes.encrypt", "esdk", 1024, "0x0478", 1, 25_000, 40_000),
                result("SigningSuite.encrypt", "envelope", 1024, "0x0578", 1, 500, 2_000_000),
                result("SigningSuite.encrypt", "esdk", 1024, "0x0578", 1, 250, 3_000_000));
        List<String> header = cells(lines.stream().filter(l -> l.startsWith("| operation")).findFirst().orElseThrow());
        List<String> fast = cells(lines.stream().filter(l -> l.contains("0x0478")).findFirst().orElseThrow());
        List<String> signing = cells(lines.stream().filter(l -> l.contains("0x0578")).findFirst().orElseThrow());

        assertEquals("4.00", fast.get(header.indexOf("Envelope/ESDK")));
        assertEquals("4.00", fast.get(header.indexOf("Envelope/ESDK by CPU")));
        assertEquals("0.10", fast.get(header.indexOf("Envelope/raw")));
        assertEquals("2.00", signing.get(header.indexOf("Envelope/ESDK")));
        assertEquals("1.50", signing.get(header.indexOf("Envelope/ESDK by CPU")));
        assertFalse(lines.stream().anyMatch(l -> l.contains("| ESDK |")), "baseline rows are columns, not rows");
    }

    @Test
    void twoThreadsAreDividedByOneThreadOfTheSameShape() {
        List<String> lines = print(
                result("OneThread.encrypt", "envelope", 1024, "0x0478", 1, 100_000, 8_000),
                result("TwoThreads.encrypt", "envelope", 1024, "0x0478", 2, 150_000, 10_000),
                result("OneThread.encrypt", "envelope-own-random", 1024, "0x0478", 1, 100_000, 8_000),
                result("TwoThreads.encrypt", "envelope-own-random", 1024, "0x0478", 2, 190_000, 8_000));
        List<String> header = cells(lines.stream().filter(l -> l.contains("| threads |")).findFirst().orElseThrow());
        List<List<String>> rows = lines.stream().filter(l -> l.startsWith("| encrypt")).map(ResultTableTest::cells)
                .toList();

        assertEquals(2, rows.size(), "one row per two-thread shape, and no comparison table");
        assertFalse(lines.stream().anyMatch(l -> l.contains("| KMS |")), "no KMS table without KMS rows");
        assertTrue(rows.stream().anyMatch(r -> r.get(header.indexOf("implementation")).equals("init per message")
                && r.get(header.indexOf("ratio to 1 thread")).equals("1.50")
                && r.get(header.indexOf("ratio by CPU")).equals("1.60")));
        assertTrue(rows.stream().anyMatch(r -> r.get(header.indexOf("implementation")).endsWith("own SecureRandom")
                && r.get(header.indexOf("ratio to 1 thread")).equals("1.90")
                && r.get(header.indexOf("ratio by CPU")).equals("2.00")));
    }

    @Test
    void kmsRowsAreDividedByTheEsdkOfTheSameCacheSettingAndByTink() {
        List<String> lines = print(
                kms("KmsKeys.encrypt", "envelope-cache", 1024, 1, 120_000, 8_000),
                kms("KmsKeys.encrypt", "esdk-cache", 1024, 1, 20_000, 48_000),
                kms("KmsKeys.encrypt", "envelope-nocache", 1024, 1, 9_000, 100_000),
                kms("KmsKeys.encrypt", "esdk-nocache", 1024, 1, 3_000, 250_000),
                kms("KmsKeys.encrypt", "tink", 1024, 1, 10_000, 80_000),
                kms("KmsKeys.encrypt", "envelope-endpoint-nocache", 1024, 1, 1_000, 500_000),
                kms("KmsKeys.encrypt", "esdk-endpoint-nocache", 1024, 1, 800, 750_000),
                kms("KmsKeys.encrypt", "envelope-endpoint-cache", 1024, 1, 110_000, 9_000),
                kms("KmsKeys.encrypt", "tink", 65536, 1, 5_000, 150_000),
                kms("KmsKeys.encrypt", "envelope-cache", 65536, 1, 40_000, 25_000));
        List<String> header = cells(lines.stream().filter(l -> l.contains("| KMS |")).findFirst().orElseThrow());
        List<List<String>> rows = lines.stream().filter(l -> l.startsWith("| encrypt")).map(ResultTableTest::cells)
                .toList();

        assertEquals(5, rows.size(), "one row per Envelope KMS variant and size; baselines are columns");
        List<String> cached = row(rows, header, "1 KiB", "embedded", "on");
        assertEquals("6.00", cached.get(header.indexOf("Envelope/ESDK")));
        assertEquals("6.00", cached.get(header.indexOf("Envelope/ESDK by CPU")));
        assertEquals("12.00", cached.get(header.indexOf("Envelope/Tink")));
        assertEquals("10.00", cached.get(header.indexOf("Envelope/Tink by CPU")));
        List<String> uncached = row(rows, header, "1 KiB", "embedded", "off");
        assertEquals("3.00", uncached.get(header.indexOf("Envelope/ESDK")));
        assertEquals("2.50", uncached.get(header.indexOf("Envelope/ESDK by CPU")));
        assertEquals("0.90", uncached.get(header.indexOf("Envelope/Tink")));
        assertEquals("0.80", uncached.get(header.indexOf("Envelope/Tink by CPU")));
        List<String> endpoint = row(rows, header, "1 KiB", "endpoint", "off");
        assertEquals("1.25", endpoint.get(header.indexOf("Envelope/ESDK")));
        assertEquals("1.50", endpoint.get(header.indexOf("Envelope/ESDK by CPU")));
        assertEquals("–", endpoint.get(header.indexOf("Envelope/Tink")), "Tink runs over the embedded KMS only");
        assertEquals("–", row(rows, header, "1 KiB", "endpoint", "on").get(header.indexOf("Envelope/ESDK")));
        assertEquals("8.00", row(rows, header, "64 KiB", "embedded", "on").get(header.indexOf("Envelope/Tink")));
        assertFalse(lines.stream().anyMatch(l -> l.contains("Envelope use")), "KMS rows are not raw-key rows");
    }

    @Test
    void kmsRowsNameAnAuditSyncOtherThanTheEnginesDefault() {
        ObjectNode everyCall = kms("KmsKeys.encrypt", "envelope-nocache", 1024, 1, 2_000, 100_000);
        ((ObjectNode) everyCall.get("params")).put("kmsAudit", "every-call");
        List<String> lines = print(everyCall, kms("KmsKeys.encrypt", "envelope-cache", 1024, 1, 120_000, 8_000));
        List<String> header = cells(lines.stream().filter(l -> l.contains("| KMS |")).findFirst().orElseThrow());
        List<List<String>> rows = lines.stream().filter(l -> l.startsWith("| encrypt")).map(ResultTableTest::cells)
                .toList();
        row(rows, header, "1 KiB", "embedded, audit sync every-call", "off");
        row(rows, header, "1 KiB", "embedded", "on");
    }

    @Test
    void twoThreadKmsRowsMeetTheirOwnThreadCount() {
        List<String> lines = print(
                kms("KmsKeys.decrypt", "envelope-cache", 1024, 1, 100_000, 9_000),
                kms("KmsKeys.decrypt", "esdk-cache", 1024, 1, 10_000, 60_000),
                kms("KmsKeysTwoThreads.decrypt", "envelope-cache", 1024, 2, 180_000, 10_000),
                kms("KmsKeysTwoThreads.decrypt", "esdk-cache", 1024, 2, 4_000, 200_000));
        List<String> kmsHeader = cells(lines.stream().filter(l -> l.contains("| KMS |")).findFirst().orElseThrow());
        List<String> threadsHeader = cells(lines.stream().filter(l -> l.contains("| threads |")
                && l.contains("ratio to 1 thread")).findFirst().orElseThrow());
        List<List<String>> kmsRows = lines.stream()
                .filter(l -> l.startsWith("| decrypt") && l.contains("embedded") && !l.contains("KMS,"))
                .map(ResultTableTest::cells).toList();
        List<List<String>> scalingRows = lines.stream().filter(l -> l.startsWith("| decrypt") && l.contains("KMS,"))
                .map(ResultTableTest::cells).toList();

        assertEquals(2, kmsRows.size());
        assertEquals("10.00", kmsRows.stream().filter(r -> r.get(kmsHeader.indexOf("threads")).equals("1"))
                .findFirst().orElseThrow().get(kmsHeader.indexOf("Envelope/ESDK")));
        assertEquals("45.00", kmsRows.stream().filter(r -> r.get(kmsHeader.indexOf("threads")).equals("2"))
                .findFirst().orElseThrow().get(kmsHeader.indexOf("Envelope/ESDK")));
        assertEquals(2, scalingRows.size(), "the two-thread rows, each beside its one-thread figure");
        List<String> envelope = scalingRows.stream()
                .filter(r -> r.get(threadsHeader.indexOf("implementation")).startsWith("Envelope")).findFirst()
                .orElseThrow();
        assertEquals("1.80", envelope.get(threadsHeader.indexOf("ratio to 1 thread")));
        assertEquals("1.80", envelope.get(threadsHeader.indexOf("ratio by CPU")));
        List<String> esdk = scalingRows.stream()
                .filter(r -> r.get(threadsHeader.indexOf("implementation")).startsWith("ESDK")).findFirst()
                .orElseThrow();
        assertEquals("0.40", esdk.get(threadsHeader.indexOf("ratio to 1 thread")));
        assertEquals("0.60", esdk.get(threadsHeader.indexOf("ratio by CPU")));
    }

    private static List<String> row(List<List<String>> rows, List<String> header, String message, String kms,
                                    String cache) {
        return rows.stream()
                .filter(r -> r.get(header.indexOf("message")).equals(message)
                        && r.get(header.indexOf("KMS")).equals(kms)
                        && r.get(header.indexOf("data-key cache")).equals(cache))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + message + " " + kms + " " + cache));
    }
}
