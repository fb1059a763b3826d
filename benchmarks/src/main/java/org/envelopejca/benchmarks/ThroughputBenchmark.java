package org.envelopejca.benchmarks;

/** Placeholder: the JMH benchmarks arrive with the benchmarks issue. */
final class ThroughputBenchmark {
    private ThroughputBenchmark() {
    }
}
