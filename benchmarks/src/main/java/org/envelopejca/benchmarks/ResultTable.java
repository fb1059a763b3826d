package org.envelopejca.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns a JMH JSON result ({@code -rf json}) of these benchmarks into a Markdown table that sets every Envelope
 * figure beside the raw AES/GCM figure of the same operation, message size and frame length from the same run,
 * and, where the run has it, beside the AWS Encryption SDK figure of the same shape and suite. KMS-keyed rows
 * ({@link KmsKeys}, {@link KmsKeysTwoThreads}) get a table of their own beside the ESDK's KMS keyring and Tink's
 * {@code KmsEnvelopeAead}; two-thread rows one beside their one-thread figures.
 * Columns for bytes allocated ({@code -prof gc}) and CPU time ({@code -prof org.envelopejca.benchmarks.CpuTimeProfiler})
 * appear when the run has them.
 * Usage: {@code java -cp benchmarks.jar org.envelopejca.benchmarks.ResultTable jmh-result.json [more.json ...]}
 * (several files: their results together, as one run).
 */
public final class ResultTable {
    private static final double MIB = 1024.0 * 1024.0;
    private static final String RAW = "raw";
    private static final String ESDK = "ESDK";
    private static final String ALLOCATION = "gc.alloc.rate.norm";
    private static final String CPU = "cpu.worker.norm";
    private static final String ENVELOPE = "Envelope";
    private static final String TINK = "Tink";

    /** Which table a row belongs to: raw-key messages, one against two threads, KMS keys. */
    enum Group { MESSAGE, THREADS, KMS }

    /**
     * A KMS-keyed variant ({@link KmsSide}): the library, whether its KMS is the endpoint on loopback (else the
     * embedded KMS in-process), its data-key cache ("on", "off", or "none" for Tink, which has none), and how the
     * embedded KMS synced its audit log (the {@code kmsAudit} parameter, an {@code AuditSync} configuration name).
     */
    record KmsVariant(String library, boolean endpoint, String cache, String audit) {
        static Optional<KmsVariant> parse(String variant, String kmsAudit) {
            String library = variant.startsWith("envelope-") ? ENVELOPE
                    : variant.startsWith("esdk-") ? ESDK : variant.equals("tink") ? TINK : null;
            if (library == null) {
                return Optional.empty();
            }
            String cache = library.equals(TINK) ? "none" : variant.endsWith("-nocache") ? "off" : "on";
            return Optional.of(new KmsVariant(library, variant.contains("-endpoint"), cache, kmsAudit));
        }

        String kms() {
            return (endpoint ? "endpoint" : "embedded") + (audit.equals("batched") ? "" : ", audit sync " + audit);
        }

        String label() {
            return library + ", " + kms() + " KMS" + (cache.equals("none") ? "" : ", cache " + cache);
        }
    }

    /**
     * One benchmark's score: implementation ("raw", or how Envelope's Cipher is used), operation, shape, throughput,
     * extra metrics.
     */
    record Score(String implementation, String operation, int messageSize, int frameLength, String suite,
                 int threads, Group group, KmsVariant kms, double opsPerSecond, double relativeError,
                 Map<String, Double> secondary) {

        /** The raw baseline row this row is compared with. */
        String baselineKey() {
            return operation + "/" + messageSize + "/" + frameLength;
        }

        /** The one-thread row a thread-scaling row is compared with. */
        String shapeKey() {
            return esdkKey() + "/" + implementation;
        }

        /** The ESDK row this row is compared with: the suite matters there, as both sides run it. */
        String esdkKey() {
            return baselineKey() + "/" + suite;
        }

        boolean isBaseline() {
            return implementation.equals(RAW) || implementation.equals(ESDK);
        }

        double mibPerSecond() {
            return opsPerSecond * messageSize / MIB;
        }

        /** The ESDK KMS row an Envelope KMS row is compared with: same shape, threads, KMS and cache setting. */
        String kmsKey() {
            return esdkKey() + "/" + threads + "/" + kms.kms() + "/" + kms.cache();
        }

        /** The Tink row an Envelope KMS row is compared with: Tink has no frames, suites or cache. */
        String tinkKey() {
            return operation + "/" + messageSize + "/" + threads + "/" + kms.kms();
        }
    }

    private ResultTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: ResultTable <jmh-result.json> [more.json ...]");
            System.exit(2);
        }
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode results = mapper.createArrayNode();
        for (String file : args) {
            results.addAll((ArrayNode) mapper.readTree(Path.of(file).toFile()));
        }
        print(results, System.out);
    }

    static void print(JsonNode results, PrintStream out) {
        List<Score> scores = new ArrayList<>();
        List<Score> threadScaling = new ArrayList<>();
        List<Score> kms = new ArrayList<>();
        for (JsonNode result : results) {
            parse(result).ifPresent(score -> {
                switch (score.group()) {
                    case MESSAGE -> scores.add(score);
                    case THREADS -> threadScaling.add(score);
                    case KMS -> {
                        kms.add(score);
                        // a KMS row is also the one- or two-thread figure of its variant
                        threadScaling.add(score);
                    }
                }
            });
        }
        boolean withCpu = Stream.of(scores, threadScaling).flatMap(List::stream)
                .anyMatch(s -> s.secondary().containsKey(CPU));

        if (results.size() > 0) {
            JsonNode first = results.get(0);
            out.printf("JDK %s (%s %s), JMH %s; %s warmup x %s, %s x %s, %s fork(s)%n%n",
                    first.path("jdkVersion").asText(), first.path("vmName").asText(),
                    first.path("vmVersion").asText(), first.path("jmhVersion").asText(),
                    first.path("warmupIterations").asText(), first.path("warmupTime").asText(),
                    first.path("measurementIterations").asText(), first.path("measurementTime").asText(),
                    first.path("forks").asText());
        }
        if (!scores.isEmpty()) {
            printComparison(scores, withCpu, out);
        }
        if (!kms.isEmpty()) {
            printKms(kms, withCpu, out);
        }
        if (threadScaling.stream().anyMatch(s -> s.threads() > 1)) {
            printThreadScaling(threadScaling, withCpu, out);
        }
    }

    /** Envelope beside raw AES/GCM and the ESDK of the same shape. */
    private static void printComparison(List<Score> scores, boolean withCpu, PrintStream out) {
        Map<String, Score> baseline = new HashMap<>();
        scores.stream().filter(s -> s.implementation().equals(RAW)).forEach(s -> baseline.put(s.baselineKey(), s));
        Map<String, Score> esdk = new HashMap<>();
        scores.stream().filter(s -> s.implementation().equals(ESDK)).forEach(s -> esdk.put(s.esdkKey(), s));
        boolean withEsdk = !esdk.isEmpty();
        boolean withAllocation = scores.stream().anyMatch(s -> s.secondary().containsKey(ALLOCATION));
        StringBuilder head = new StringBuilder("| operation | message | frame | suite | Envelope use | raw msg/s"
                + " | Envelope msg/s | raw MiB/s | Envelope MiB/s | Envelope/raw |");
        StringBuilder rule = new StringBuilder("|---|--:|--:|---|---|--:|--:|--:|--:|--:|");
        if (withEsdk) {
            head.append(" ESDK msg/s | Envelope/ESDK |");
            rule.append("--:|--:|");
        }
        if (withCpu) {
            head.append(" raw CPU µs/msg | Envelope CPU µs/msg | Envelope/raw by CPU |");
            rule.append("--:|--:|--:|");
            if (withEsdk) {
                head.append(" ESDK CPU µs/msg | Envelope/ESDK by CPU |");
                rule.append("--:|--:|");
            }
        }
        if (withAllocation) {
            head.append(" raw B/msg | Envelope B/msg |");
            rule.append("--:|--:|");
        }
        out.println(head);
        out.println(rule);
        scores.stream()
                .filter(s -> !s.isBaseline())
                .sorted(Comparator.comparing(Score::operation).reversed()
                        .thenComparing(Comparator.comparingInt(Score::messageSize).reversed())
                        .thenComparing(Score::suite)
                        .thenComparingInt(Score::frameLength)
                        .thenComparing(Comparator.comparing(Score::implementation).reversed()))
                .forEach(envelope -> out.println(row(envelope, baseline.get(envelope.baselineKey()),
                        withEsdk ? Optional.ofNullable(esdk.get(envelope.esdkKey())) : null, withCpu,
                        withAllocation)));
        out.println();
        out.println("Envelope use: \"init per message\" calls init before every doFinal, \"Cipher reused\" initialises"
                + " once and lets doFinal start each next message.");
        out.println("Envelope/raw: Envelope throughput divided by the raw AES/GCM throughput of the same operation,"
                + " message size and frame length (1.00 = no overhead); ± is JMH's 99.9% confidence half-width.");
        if (withEsdk) {
            out.println("Envelope/ESDK: Envelope throughput divided by the AWS Encryption SDK's throughput of the same"
                    + " operation, message size, frame length and suite (2.00 = twice as many messages per second).");
        }
        if (withCpu) {
            out.println("Envelope/raw by CPU: the same ratio from the benchmark thread's CPU time per message"
                    + " (raw CPU time divided by Envelope CPU time), which other load on the machine barely moves.");
        }
    }

    /**
     * Envelope with a KMS key beside the ESDK's KMS keyring with the same KMS and cache setting, and beside Tink
     * (no cache) over the same KMS, for the same operation, message size and thread count.
     */
    private static void printKms(List<Score> scores, boolean withCpu, PrintStream out) {
        Map<String, Score> esdk = new HashMap<>();
        Map<String, Score> tink = new HashMap<>();
        for (Score s : scores) {
            if (s.kms().library().equals(ESDK)) {
                esdk.put(s.kmsKey(), s);
            } else if (s.kms().library().equals(TINK)) {
                tink.put(s.tinkKey(), s);
            }
        }
        out.println();
        StringBuilder head = new StringBuilder("| operation | message | suite | threads | KMS | data-key cache"
                + " | Envelope msg/s | ESDK msg/s | Envelope/ESDK | Tink msg/s | Envelope/Tink |");
        StringBuilder rule = new StringBuilder("|---|--:|---|--:|---|---|--:|--:|--:|--:|--:|");
        if (withCpu) {
            head.append(" Envelope CPU µs/msg | ESDK CPU µs/msg | Envelope/ESDK by CPU | Tink CPU µs/msg"
                    + " | Envelope/Tink by CPU |");
            rule.append("--:|--:|--:|--:|--:|");
        }
        out.println(head);
        out.println(rule);
        scores.stream()
                .filter(s -> s.kms().library().equals(ENVELOPE))
                .sorted(Comparator.comparing(Score::operation).reversed()
                        .thenComparing(Comparator.comparingInt(Score::messageSize).reversed())
                        .thenComparing(Score::suite)
                        .thenComparingInt(Score::threads)
                        .thenComparing(s -> s.kms().endpoint())
                        .thenComparing(s -> s.kms().cache()))
                .forEach(envelope -> {
                    Optional<Score> e = Optional.ofNullable(esdk.get(envelope.kmsKey()));
                    Optional<Score> t = Optional.ofNullable(tink.get(envelope.tinkKey()));
                    List<String> cells = new ArrayList<>(List.of(envelope.operation(), size(envelope.messageSize()),
                            envelope.suite(), Integer.toString(envelope.threads()), envelope.kms().kms(),
                            envelope.kms().cache(), withError(envelope.opsPerSecond(), envelope),
                            e.map(b -> withError(b.opsPerSecond(), b)).orElse("–"),
                            e.map(b -> ratio(envelope.opsPerSecond() / b.opsPerSecond())).orElse("–"),
                            t.map(b -> withError(b.opsPerSecond(), b)).orElse("–"),
                            t.map(b -> ratio(envelope.opsPerSecond() / b.opsPerSecond())).orElse("–")));
                    if (withCpu) {
                        Optional<Double> envelopeCpu = metric(envelope, CPU);
                        Optional<Double> esdkCpu = metric(e.orElse(null), CPU);
                        Optional<Double> tinkCpu = metric(t.orElse(null), CPU);
                        cells.add(envelopeCpu.map(ns -> number(ns / 1000)).orElse("–"));
                        cells.add(esdkCpu.map(ns -> number(ns / 1000)).orElse("–"));
                        cells.add(cpuRatio(esdkCpu, envelopeCpu));
                        cells.add(tinkCpu.map(ns -> number(ns / 1000)).orElse("–"));
                        cells.add(cpuRatio(tinkCpu, envelopeCpu));
                    }
                    out.println("| " + String.join(" | ", cells) + " |");
                });
        out.println();
        out.println("KMS keys: \"embedded\" is the embedded KMS in-process (Envelope through its KeyStore; the ESDK"
                + " through an in-process SDK v2 KmsClient; Tink through an in-process KMS AEAD), \"endpoint\" the"
                + " provider's KMS endpoint over it on loopback (Envelope's AWS engine, the ESDK's own SDK client);"
                + " all sides over an embedded KMS opened with the same options: its default audit sync (batched)"
                + " unless the row says \"audit sync every-call\" (a line forced to disk per call) or \"os\" (none).");
        out.println("Envelope/ESDK: Envelope throughput divided by the ESDK KMS keyring's of the same operation,"
                + " message size, suite, threads, KMS and cache setting (cache on: the ESDK's caching materials"
                + " manager). Envelope/Tink: divided by Tink's KmsEnvelopeAead (no cache: a KMS call per message) of"
                + " the same operation, message size, threads and KMS. By CPU: the same from CPU time per message.");
    }

    /** A baseline's CPU time per message divided by Envelope's: above 1, Envelope needs less CPU per message. */
    private static String cpuRatio(Optional<Double> baselineCpu, Optional<Double> envelopeCpu) {
        return baselineCpu.isPresent() && envelopeCpu.isPresent() ? ratio(baselineCpu.get() / envelopeCpu.get())
                : "–";
    }

    /** Two threads against one thread of the same shape (OneThread and TwoThreads of the same run). */
    private static void printThreadScaling(List<Score> scores, boolean withCpu, PrintStream out) {
        Map<String, Score> single = new HashMap<>();
        scores.stream().filter(s -> s.threads() == 1).forEach(s -> single.put(s.shapeKey(), s));
        out.println();
        StringBuilder head = new StringBuilder("| operation | message | frame | suite | implementation | threads"
                + " | 1 thread msg/s | all threads msg/s | ratio to 1 thread |");
        StringBuilder rule = new StringBuilder("|---|--:|--:|---|---|--:|--:|--:|--:|");
        if (withCpu) {
            head.append(" 1 thread CPU µs/msg | all threads CPU µs/msg | ratio by CPU |");
            rule.append("--:|--:|--:|");
        }
        out.println(head);
        out.println(rule);
        scores.stream()
                .filter(s -> s.threads() > 1)
                .sorted(Comparator.comparing(Score::group)
                        .thenComparing(Comparator.comparing(Score::operation).reversed())
                        .thenComparing(Comparator.comparingInt(Score::messageSize).reversed())
                        .thenComparing(Score::implementation))
                .forEach(many -> {
                    Score one = single.get(many.shapeKey());
                    List<String> cells = new ArrayList<>(List.of(many.operation(), size(many.messageSize()),
                            size(many.frameLength()), many.suite(), many.implementation(),
                            Integer.toString(many.threads()),
                            one == null ? "–" : withError(one.opsPerSecond(), one),
                            withError(many.opsPerSecond(), many),
                            one == null ? "–" : ratio(many.opsPerSecond() / one.opsPerSecond())));
                    if (withCpu) {
                        Optional<Double> oneCpu = metric(one, CPU);
                        Optional<Double> manyCpu = metric(many, CPU);
                        cells.add(oneCpu.map(ns -> number(ns / 1000)).orElse("–"));
                        cells.add(manyCpu.map(ns -> number(ns / 1000)).orElse("–"));
                        cells.add(oneCpu.isPresent() && manyCpu.isPresent()
                                ? ratio(many.threads() * oneCpu.get() / manyCpu.get()) : "–");
                    }
                    out.println("| " + String.join(" | ", cells) + " |");
                });
        out.println();
        out.println("Ratio to 1 thread: the throughput of all threads together divided by the one-thread throughput"
                + " (ideal: the number of threads, on as many free cores).");
        if (withCpu) {
            out.println("Ratio by CPU: the same from CPU time per message (threads x one-thread CPU time divided by"
                    + " the CPU time per message with all threads): what the threads would reach on free cores.");
        }
    }

    /** {@code esdk} is null when the run has no ESDK rows at all (no columns), empty when this shape has none. */
    private static String row(Score envelope, Score raw, Optional<Score> esdk, boolean withCpu,
                              boolean withAllocation) {
        List<String> cells = new ArrayList<>(List.of(
                envelope.operation(), size(envelope.messageSize()), size(envelope.frameLength()), envelope.suite(),
                envelope.implementation(),
                raw == null ? "–" : withError(raw.opsPerSecond(), raw),
                withError(envelope.opsPerSecond(), envelope),
                raw == null ? "–" : number(raw.mibPerSecond()),
                number(envelope.mibPerSecond()),
                raw == null ? "–" : ratio(envelope.opsPerSecond() / raw.opsPerSecond())));
        if (esdk != null) {
            cells.add(esdk.map(e -> withError(e.opsPerSecond(), e)).orElse("–"));
            cells.add(esdk.map(e -> ratio(envelope.opsPerSecond() / e.opsPerSecond())).orElse("–"));
        }
        if (withCpu) {
            Optional<Double> rawCpu = metric(raw, CPU);
            Optional<Double> envelopeCpu = metric(envelope, CPU);
            cells.add(rawCpu.map(ns -> number(ns / 1000)).orElse("–"));
            cells.add(envelopeCpu.map(ns -> number(ns / 1000)).orElse("–"));
            cells.add(rawCpu.isPresent() && envelopeCpu.isPresent() ? ratio(rawCpu.get() / envelopeCpu.get()) : "–");
            if (esdk != null) {
                Optional<Double> esdkCpu = metric(esdk.orElse(null), CPU);
                cells.add(esdkCpu.map(ns -> number(ns / 1000)).orElse("–"));
                cells.add(esdkCpu.isPresent() && envelopeCpu.isPresent()
                        ? ratio(esdkCpu.get() / envelopeCpu.get()) : "–");
            }
        }
        if (withAllocation) {
            cells.add(metric(raw, ALLOCATION).map(ResultTable::number).orElse("–"));
            cells.add(metric(envelope, ALLOCATION).map(ResultTable::number).orElse("–"));
        }
        return "| " + String.join(" | ", cells) + " |";
    }

    static Optional<Score> parse(JsonNode result) {
        String benchmark = result.path("benchmark").asText();
        JsonNode params = result.path("params");
        String variant = params.path("variant").asText();
        String className = benchmark.substring(0, Math.max(0, benchmark.lastIndexOf('.')));
        Group group = className.endsWith(".OneThread") || className.endsWith(".TwoThreads") ? Group.THREADS
                : className.endsWith(".KmsKeys") || className.endsWith(".KmsKeysTwoThreads") ? Group.KMS
                : Group.MESSAGE;
        KmsVariant kms = null;
        String implementation;
        if (group == Group.KMS) {
            Optional<KmsVariant> parsed = KmsVariant.parse(variant, params.path("kmsAudit").asText());
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            kms = parsed.get();
            implementation = kms.label();
        } else if (variant.equals(RAW)) {
            implementation = RAW;
        } else if (variant.equals("envelope")) {
            implementation = "init per message";
        } else if (variant.equals("envelope-reused")) {
            implementation = "Cipher reused";
        } else if (variant.equals("envelope-own-random")) {
            implementation = "init per message, own SecureRandom";
        } else if (variant.equals("esdk")) {
            implementation = ESDK;
        } else {
            return Optional.empty();
        }
        JsonNode primary = result.path("primaryMetric");
        double perSecond = perSecond(primary.path("scoreUnit").asText());
        double score = primary.path("score").asDouble() * perSecond;
        double error = primary.path("scoreError").asDouble(Double.NaN) * perSecond;
        Map<String, Double> secondary = new HashMap<>();
        for (Map.Entry<String, JsonNode> metric : result.path("secondaryMetrics").properties()) {
            for (String name : List.of(ALLOCATION, CPU)) {
                // JMH prefixes some profiler metrics with a marker character
                if (metric.getKey().endsWith(name)) {
                    secondary.put(name, metric.getValue().path("score").asDouble());
                }
            }
        }
        return Optional.of(new Score(implementation, benchmark.substring(benchmark.lastIndexOf('.') + 1),
                params.path("messageSize").asInt(), params.path("frameLength").asInt(), params.path("suite").asText(),
                result.path("threads").asInt(1), group, kms, score, error / score, Map.copyOf(secondary)));
    }

    private static Optional<Double> metric(Score score, String name) {
        return score == null ? Optional.empty() : Optional.ofNullable(score.secondary().get(name));
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

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String withError(double value, Score score) {
        return Double.isNaN(score.relativeError()) ? number(value)
                : number(value) + String.format(Locale.ROOT, " ±%.0f%%", 100 * score.relativeError());
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
