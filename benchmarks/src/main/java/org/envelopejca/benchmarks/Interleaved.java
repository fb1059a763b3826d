package org.envelopejca.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.envelopejca.EnvelopeProvider;

/**
 * Envelope and its peers in one JVM, round by round on the same data: separate JMH forks flatter whichever side the
 * JIT treats better alone, and meet different moments of a shared machine's load. Each round runs every side's
 * encrypt, then every side's decrypt, for a fixed time each, the order of the sides turning by one each round; the
 * first rounds warm up and are dropped. It prints, per side and operation, the median messages per second and CPU
 * time per message (this thread's), and Envelope's ratio to each other side per round (median and range): the
 * ratio of two figures measured seconds apart is what holds on a noisy machine.
 *
 * <pre>
 * java -cp benchmarks.jar org.envelopejca.benchmarks.Interleaved [--sizes 1024,1048576] [--suite 0x0478]
 *     [--frame 65536] [--sides envelope,esdk,raw,raw-accp] [--rounds 5] [--warmup 2] [--ms 1000] [--json out.json]
 * </pre>
 * A side is a {@link Workload#of} variant. {@code esdk-accp} installs ACCP JVM-wide (the ESDK's best configuration),
 * so it cannot share a JVM with {@code esdk} (the ESDK as shipped). {@code --json} writes the medians in the shape of
 * JMH's JSON result (benchmark {@code Interleaved.encrypt|decrypt}, params, primaryMetric in ops/s) for {@link Chart}.
 */
public final class Interleaved {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private record Figure(double perSecond, double cpuMicros) {
    }

    private Interleaved() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = RunnerArgs.parse(args);
        List<Integer> sizes = Arrays.stream(options.getOrDefault("sizes", "1024,1048576").split(","))
                .map(Integer::decode).toList();
        String suite = options.getOrDefault("suite", "0x0478");
        int frame = Integer.decode(options.getOrDefault("frame", "65536"));
        List<String> sides = List.of(options.getOrDefault("sides", "envelope,esdk,raw,raw-accp").split(","));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "2"));
        long millis = Long.parseLong(options.getOrDefault("ms", "1000"));
        if (sides.contains("esdk") && sides.contains("esdk-accp")) {
            throw new IllegalArgumentException("esdk-accp installs ACCP JVM-wide: run it in a JVM of its own");
        }
        if (!sides.contains("envelope")) {
            throw new IllegalArgumentException("the sides must include envelope, the figure the ratios are of");
        }
        System.out.printf(Locale.ROOT, "JDK %s, Envelope crypto: %s; %s; suite %s, frame %d, %d rounds of %d ms per "
                        + "side and operation after %d warmup rounds%n", Runtime.version(),
                EnvelopeProvider.cryptoBackend(), Accp.contextRelease(), suite, frame, rounds, millis, warmup);
        ArrayNode json = new ObjectMapper().createArrayNode();
        for (int size : sizes) {
            Map<String, Workload> workloads = new LinkedHashMap<>();
            for (String side : sides) {
                workloads.put(side, Workload.of(side, size, frame, suite));
            }
            for (String operation : List.of("encrypt", "decrypt")) {
                Map<String, List<Figure>> figures = new LinkedHashMap<>();
                sides.forEach(s -> figures.put(s, new ArrayList<>()));
                for (int round = 0; round < warmup + rounds; round++) {
                    for (int i = 0; i < sides.size(); i++) {
                        String side = sides.get((i + round) % sides.size());
                        Figure f = measure(workloads.get(side), operation.equals("encrypt"), millis);
                        if (round >= warmup) {
                            figures.get(side).add(f);
                        }
                    }
                }
                report(size, suite, operation, figures);
                for (var e : figures.entrySet()) {
                    json.add(jmhShaped(operation, size, frame, suite, e.getKey(), e.getValue()));
                }
            }
        }
        if (options.containsKey("json")) {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(Path.of(options.get("json")).toFile(), json);
        }
    }

    private static Figure measure(Workload workload, boolean encrypt, long millis) throws GeneralSecurityException {
        long ops = 0;
        long sink = 0;
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000;
        long now;
        do {
            for (int i = 0; i < 8; i++) {
                sink += encrypt ? workload.encrypt() : workload.decrypt();
            }
            ops += 8;
            now = System.nanoTime();
        } while (now < deadline);
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        if (sink == 42) {
            System.out.print(""); // keeps the results alive for the JIT
        }
        return new Figure(ops * 1e9 / (now - start), cpu / 1e3 / ops);
    }

    private static void report(int size, String suite, String operation, Map<String, List<Figure>> figures) {
        List<Figure> envelope = figures.get("envelope");
        System.out.printf(Locale.ROOT, "%n%s, %d-byte messages, suite %s%n", operation, size, suite);
        System.out.println("| side | msgs/s (median) | MB/s | CPU µs/msg | Envelope / side, msgs/s (median, range) "
                + "| Envelope / side, CPU |");
        System.out.println("|---|---|---|---|---|---|");
        for (var e : figures.entrySet()) {
            List<Figure> side = e.getValue();
            double perSecond = Median.of(side.stream().mapToDouble(Figure::perSecond).toArray());
            double cpu = Median.of(side.stream().mapToDouble(Figure::cpuMicros).toArray());
            double[] ratios = new double[side.size()];
            double[] cpuRatios = new double[side.size()];
            for (int i = 0; i < side.size(); i++) {
                ratios[i] = envelope.get(i).perSecond() / side.get(i).perSecond();
                cpuRatios[i] = side.get(i).cpuMicros() / envelope.get(i).cpuMicros();
            }
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.1f | %.2f | %.2fx (%.2f–%.2f) | %.2fx |%n", e.getKey(),
                    perSecond, perSecond * size / 1e6, cpu, Median.of(ratios), sorted[0], sorted[sorted.length - 1],
                    Median.of(cpuRatios));
        }
    }

    private static ObjectNode jmhShaped(String operation, int size, int frame, String suite, String side,
                                        List<Figure> figures) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode result = mapper.createObjectNode();
        result.put("benchmark", Interleaved.class.getName() + "." + operation);
        ObjectNode params = result.putObject("params");
        params.put("messageSize", Integer.toString(size));
        params.put("frameLength", Integer.toString(frame));
        params.put("suite", suite);
        params.put("variant", side);
        ObjectNode primary = result.putObject("primaryMetric");
        primary.put("score", Median.of(figures.stream().mapToDouble(Figure::perSecond).toArray()));
        primary.put("scoreUnit", "ops/s");
        ObjectNode cpu = result.putObject("secondaryMetrics").putObject(Chart.CPU_METRIC);
        cpu.put("score", Median.of(figures.stream().mapToDouble(Figure::cpuMicros).toArray()) * 1e3);
        cpu.put("scoreUnit", "ns/op");
        return result;
    }
}
