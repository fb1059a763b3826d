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

/** The table pairs each Envelope row with the raw and ESDK rows of its own shape, and threads with one thread. */
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
        assertTrue(rows.stream().anyMatch(r -> r.get(header.indexOf("Envelope use")).equals("init per message")
                && r.get(header.indexOf("ratio to 1 thread")).equals("1.50")
                && r.get(header.indexOf("ratio by CPU")).equals("1.60")));
        assertTrue(rows.stream().anyMatch(r -> r.get(header.indexOf("Envelope use")).endsWith("own SecureRandom")
                && r.get(header.indexOf("ratio to 1 thread")).equals("1.90")
                && r.get(header.indexOf("ratio by CPU")).equals("2.00")));
    }
}
