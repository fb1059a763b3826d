package org.envelopejca.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a JMH JSON result ({@code -rf json}) of these benchmarks into a Markdown table that sets every Envelope
 * figure beside the raw AES/GCM figure of the same operation, message size and frame length from the same run.
 * Usage: {@code java -cp benchmarks.jar org.envelopejca.benchmarks.ResultTable jmh-result.json}.
 */
public final class ResultTable {
    private static final double MIB = 1024.0 * 1024.0;
    private static final String RAW = "raw";

    /** One benchmark's score: implementation ("raw" or "Envelope"), operation, shape, throughput. */
    record Score(String implementation, String operation, int messageSize, int frameLength, String suite,
                 double opsPerSecond, double relativeError, Optional<Double> bytesAllocatedPerOp) {

        /** The raw baseline row this row is compared with. */
        String baselineKey() {
            return operation + "/" + messageSize + "/" + frameLength;
        }

        double mibPerSecond() {
            return opsPerSecond * messageSize / MIB;
        }
    }

    private ResultTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ResultTable <jmh-result.json>");
            System.exit(2);
        }
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        print(results, System.out);
    }

    static void print(JsonNode results, PrintStream out) {
        List<Score> scores = new ArrayList<>();
        for (JsonNode result : results) {
            parse(result).ifPresent(scores::add);
        }
        Map<String, Score> baseline = new LinkedHashMap<>();
        scores.stream().filter(s -> s.implementation().equals(RAW)).forEach(s -> baseline.put(s.baselineKey(), s));
        boolean withAllocation = scores.stream().anyMatch(s -> s.bytesAllocatedPerOp().isPresent());

        if (results.size() > 0) {
            JsonNode first = results.get(0);
            out.printf("JDK %s (%s %s), JMH %s; %s warmup x %s, %s x %s, %s fork(s)%n%n",
                    first.path("jdkVersion").asText(), first.path("vmName").asText(),
                    first.path("vmVersion").asText(), first.path("jmhVersion").asText(),
                    first.path("warmupIterations").asText(), first.path("warmupTime").asText(),
                    first.path("measurementIterations").asText(), first.path("measurementTime").asText(),
                    first.path("forks").asText());
        }
        out.println("| operation | message | frame | suite | raw msg/s | Envelope msg/s | raw MiB/s | Envelope MiB/s"
                + " | Envelope/raw |" + (withAllocation ? " raw B/op | Envelope B/op |" : ""));
        out.println("|---|--:|--:|---|--:|--:|--:|--:|--:|" + (withAllocation ? "--:|--:|" : ""));
        scores.stream()
                .filter(s -> !s.implementation().equals(RAW))
                .sorted(Comparator.comparing(Score::operation).reversed()
                        .thenComparing(Comparator.comparingInt(Score::messageSize).reversed())
                        .thenComparing(Score::suite)
                        .thenComparingInt(Score::frameLength))
                .forEach(envelope -> {
                    Score raw = baseline.get(envelope.baselineKey());
                    StringBuilder row = new StringBuilder("| ")
                            .append(envelope.operation()).append(" | ")
                            .append(size(envelope.messageSize())).append(" | ")
                            .append(size(envelope.frameLength())).append(" | ")
                            .append(envelope.suite()).append(" | ")
                            .append(raw == null ? "–" : withError(raw.opsPerSecond(), raw)).append(" | ")
                            .append(withError(envelope.opsPerSecond(), envelope)).append(" | ")
                            .append(raw == null ? "–" : number(raw.mibPerSecond())).append(" | ")
                            .append(number(envelope.mibPerSecond())).append(" | ")
                            .append(raw == null ? "–" : String.format(Locale.ROOT, "%.2f",
                                    envelope.opsPerSecond() / raw.opsPerSecond())).append(" |");
                    if (withAllocation) {
                        row.append(' ').append(raw == null ? "–" : allocation(raw)).append(" | ")
                                .append(allocation(envelope)).append(" |");
                    }
                    out.println(row);
                });
        out.println();
        out.println("Envelope/raw is the Envelope throughput divided by the raw AES/GCM throughput of the same operation,"
                + " message size and frame length (1.00 = no overhead). ± is JMH's 99.9% confidence half-width.");
    }

    static Optional<Score> parse(JsonNode result) {
        String benchmark = result.path("benchmark").asText();
        JsonNode params = result.path("params");
        String variant = params.path("variant").asText();
        String implementation;
        if (variant.equals(RAW)) {
            implementation = RAW;
        } else if (variant.equals("envelope")) {
            implementation = "Envelope";
        } else {
            return Optional.empty();
        }
        JsonNode primary = result.path("primaryMetric");
        double perSecond = perSecond(primary.path("scoreUnit").asText());
        double score = primary.path("score").asDouble() * perSecond;
        double error = primary.path("scoreError").asDouble(Double.NaN) * perSecond;
        Optional<Double> allocation = Optional.empty();
        for (Map.Entry<String, JsonNode> metric : result.path("secondaryMetrics").properties()) {
            if (metric.getKey().endsWith("gc.alloc.rate.norm")) {
                allocation = Optional.of(metric.getValue().path("score").asDouble());
            }
        }
        return Optional.of(new Score(implementation, benchmark.substring(benchmark.lastIndexOf('.') + 1),
                params.path("messageSize").asInt(), params.path("frameLength").asInt(),
                params.path("suite").asText(),
                score, error / score, allocation));
    }

    private static double perSecond(String unit) {
        return switch (unit) {
            case "ops/s" -> 1;
            case "ops/ms" -> 1e3;
            case "ops/us" -> 1e6;
            case "ops/ns" -> 1e9;
            default -> throw new IllegalArgumentException("throughput unit expected (run with -bm thrpt): " + unit);
        };
    }

    private static String withError(double value, Score score) {
        return Double.isNaN(score.relativeError()) ? number(value)
                : number(value) + String.format(Locale.ROOT, " ±%.0f%%", 100 * score.relativeError());
    }

    private static String allocation(Score score) {
        return score.bytesAllocatedPerOp().map(ResultTable::number).orElse("–");
    }

    private static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String size(int bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return bytes / (1 << 20) + " MiB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return bytes / (1 << 10) + " KiB";
        }
        return bytes + " B";
    }
}
