package org.envelopejca.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation, beside JMH's wall-clock throughput: {@code cpu.worker.norm} is the CPU time of the
 * benchmark threads, {@code cpu.process.norm} that of the whole JVM (adding GC and JIT threads), both in ns/op.
 * On a machine shared with other work a benchmark thread waits for a core now and then; its wall-clock throughput
 * then drops while its CPU time per operation hardly moves, so CPU time compares runs made under different load.
 * Use with {@code -prof org.envelopejca.benchmarks.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private static final String WORKER_THREAD_MARK = "jmh-worker";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private Map<Long, Long> workersAtStart = Map.of();
    private long processAtStart;

    public CpuTimeProfiler() {
        if (!threads.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
        threads.setThreadCpuTimeEnabled(true);
    }

    @Override
    public String getDescription() {
        return "CPU time per operation of the benchmark threads and of the whole JVM";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        workersAtStart = workerCpuTimes();
        processAtStart = os.getProcessCpuTime();
    }

    @Override
    public List<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                   IterationResult result) {
        long process = os.getProcessCpuTime() - processAtStart;
        long workers = 0;
        for (Map.Entry<Long, Long> now : workerCpuTimes().entrySet()) {
            // a worker started during the iteration had used no CPU before it
            workers += now.getValue() - workersAtStart.getOrDefault(now.getKey(), 0L);
        }
        // all operations, as the CPU time also covers the iteration's synchronisation phases
        double ops = Math.max(1, result.getMetadata().getAllOps());
        return List.of(
                new ScalarResult("cpu.worker.norm", workers / ops, "ns/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.process.norm", process / ops, "ns/op", AggregationPolicy.AVG));
    }

    private Map<Long, Long> workerCpuTimes() {
        Map<Long, Long> times = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().contains(WORKER_THREAD_MARK)) {
                long time = threads.getThreadCpuTime(thread.getId());
                if (time >= 0) {
                    times.put(thread.getId(), time);
                }
            }
        }
        return times;
    }
}
