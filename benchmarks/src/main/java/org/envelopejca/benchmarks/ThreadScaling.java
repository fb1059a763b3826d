package org.envelopejca.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import org.envelopejca.EnvelopeProvider;

/**
 * One thread against two in one JVM, round by round on the same shapes: each thread has its own {@link Workload}
 * (its own Cipher, plain {@code init(mode, key, spec)} for {@code envelope}), so whatever the threads still share is
 * the provider's. It prints per round and as medians the messages per second of one and of two threads, their ratio
 * (the scaling; 2.00 is ideal on two free cores) and the CPU time per message summed over the threads.
 *
 * <p>On a machine whose cores are busy with other work the wall-clock ratio says more about that work than about
 * the provider: then read the CPU columns. A point the threads share shows there as more CPU per message at two
 * threads (spinning, cache lines moving between cores) or, for a lock they wait on, as a CPU share per thread well
 * below that of one thread; {@code cpu share} is the threads' CPU time over the wall time of the round (at most the
 * thread count), so it also says how many cores the round really had.
 *
 * <pre>
 * java -cp benchmarks.jar org.envelopejca.benchmarks.ThreadScaling [--sizes 1024,1048576] [--suite 0x0478]
 *     [--variant envelope] [--rounds 5] [--warmup 3] [--ms 1000] [--threads 1|2] [--operation encrypt|decrypt]
 * </pre>
 *
 * <p>{@code --threads N} runs only rounds of N threads (and {@code --operation} only one direction), for a profiler
 * that samples the whole JVM: {@code perf record} then sees one configuration, and the worker threads are named
 * {@code worker-0}, {@code worker-1} for its per-thread filters.
 */
public final class ThreadScaling {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final AtomicLong SINK = new AtomicLong();

    private record Figure(double perSecond, double cpuMicros, double cpuShare) {
    }

    private ThreadScaling() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = RunnerArgs.parse(args);
        List<Integer> sizes = Arrays.stream(options.getOrDefault("sizes", "1024,1048576").split(","))
                .map(Integer::decode).toList();
        String suite = options.getOrDefault("suite", "0x0478");
        String variant = options.getOrDefault("variant", "envelope");
        int only = Integer.parseInt(options.getOrDefault("threads", "0"));
        if (only < 0 || only > 2) {
            throw new IllegalArgumentException("--threads is 1 or 2 (each workload is built for two threads)");
        }
        List<String> operations = options.containsKey("operation") ? List.of(options.get("operation"))
                : List.of("encrypt", "decrypt");
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "3"));
        long millis = Long.parseLong(options.getOrDefault("ms", "1000"));
        System.out.printf(Locale.ROOT, "JDK %s, Envelope crypto: %s; %s; %s, suite %s, %d rounds of %d ms per thread "
                        + "count and operation after %d warmup rounds, %d processors%n", Runtime.version(),
                EnvelopeProvider.cryptoBackend(), Accp.contextRelease(), variant, suite, rounds, millis, warmup,
                Runtime.getRuntime().availableProcessors());
        for (int size : sizes) {
            List<Workload> workloads = List.of(Workload.of(variant, size, 65536, suite),
                    Workload.of(variant, size, 65536, suite));
            if (only > 0) {
                profile(workloads, only, operations, warmup + rounds, millis, size);
                continue;
            }
            for (String operation : operations) {
                List<Figure> one = new ArrayList<>();
                List<Figure> two = new ArrayList<>();
                for (int round = 0; round < warmup + rounds; round++) {
                    // the order turns each round, so neither count always runs right after the other
                    Figure first = measure(workloads.subList(0, round % 2 == 0 ? 1 : 2), operation, millis);
                    Figure second = measure(workloads.subList(0, round % 2 == 0 ? 2 : 1), operation, millis);
                    if (round >= warmup) {
                        one.add(round % 2 == 0 ? first : second);
                        two.add(round % 2 == 0 ? second : first);
                    }
                }
                report(size, operation, one, two);
            }
        }
    }

    /** Rounds of {@code threads} threads only, each printed: the JVM a profiler watches runs one configuration. */
    private static void profile(List<Workload> workloads, int threads, List<String> operations, int rounds,
                                long millis, int size) throws Exception {
        for (String operation : operations) {
            for (int round = 0; round < rounds; round++) {
                Figure f = measure(workloads.subList(0, threads), operation, millis);
                System.out.printf(Locale.ROOT, "%s, %d-byte messages, %d thread(s), round %d: %,.0f msgs/s, CPU %.2f "
                        + "µs/msg, cpu share %.2f%n", operation, size, threads, round + 1, f.perSecond(),
                        f.cpuMicros(), f.cpuShare());
            }
        }
    }

    /** Runs every workload on a thread of its own for {@code millis}; the figures summed over the threads. */
    private static Figure measure(List<Workload> workloads, String operation, long millis) throws Exception {
        boolean encrypt = operation.equals("encrypt");
        int n = workloads.size();
        CyclicBarrier start = new CyclicBarrier(n);
        AtomicLong ops = new AtomicLong();
        AtomicLong cpu = new AtomicLong();
        AtomicLong wall = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        Exception[] failure = new Exception[1];
        for (Workload w : workloads) {
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    long cpuStart = THREADS.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    long deadline = t0 + millis * 1_000_000;
                    long count = 0;
                    long sink = 0;
                    long now;
                    do {
                        for (int i = 0; i < 8; i++) {
                            sink += encrypt ? w.encrypt() : w.decrypt();
                        }
                        count += 8;
                        now = System.nanoTime();
                    } while (now < deadline);
                    cpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuStart);
                    wall.accumulateAndGet(now - t0, Math::max);
                    ops.addAndGet(count);
                    SINK.addAndGet(sink); // keeps the results alive for the JIT
                } catch (Exception e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }, "worker-" + threads.size()));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return new Figure(ops.get() * 1e9 / wall.get(), cpu.get() / 1e3 / ops.get(), (double) cpu.get() / wall.get());
    }

    private static void report(int size, String operation, List<Figure> one, List<Figure> two) {
        System.out.printf(Locale.ROOT, "%n%s, %d-byte messages%n", operation, size);
        System.out.println("| round | 1 thread msgs/s | 2 threads msgs/s | scaling | CPU µs/msg 1 / 2 threads "
                + "| cpu share 1 / 2 threads |");
        System.out.println("|---|---|---|---|---|---|");
        double[] scaling = new double[one.size()];
        double[] cpuRatio = new double[one.size()];
        for (int i = 0; i < one.size(); i++) {
            Figure a = one.get(i);
            Figure b = two.get(i);
            scaling[i] = b.perSecond() / a.perSecond();
            cpuRatio[i] = a.cpuMicros() / b.cpuMicros();
            System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2fx | %.2f / %.2f | %.2f / %.2f |%n", i + 1,
                    a.perSecond(), b.perSecond(), scaling[i], a.cpuMicros(), b.cpuMicros(), a.cpuShare(),
                    b.cpuShare());
        }
        System.out.printf(Locale.ROOT, "median scaling %.2fx (range %.2f–%.2f); CPU per message, 1 thread over 2 "
                        + "threads: %.2fx (1.00 = nothing shared costs CPU)%n", Median.of(scaling), min(scaling),
                max(scaling), Median.of(cpuRatio));
    }


    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
