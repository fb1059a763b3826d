package org.envelopejca.benchmarks;

import java.util.Arrays;

/** The median of the rounds of the one-JVM runners: robust to a round the machine took away. */
final class Median {
    private Median() {
    }

    static double of(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
