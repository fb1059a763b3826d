package org.envelopejca.benchmarks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code --name value} options of the one-JVM runners (Interleaved, ThreadScaling). */
final class RunnerArgs {
    private RunnerArgs() {
    }

    /** Each {@code --name} with the argument after it ("" when it is the last one). */
    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            options.put(args[i].substring(2), i + 1 < args.length ? args[++i] : "");
        }
        return Collections.unmodifiableMap(options);
    }
}
