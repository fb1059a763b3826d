package org.envelopejca.hardening;

/**
 * The fuzzer in a JVM of its own, started by {@link HostileMessageTest} with a small heap: a reader that allocated
 * what a length field claims would fail here with OutOfMemoryError (counted as a violation). Arguments: number of
 * cases, seed. Prints the examples, then the summary line last.
 */
public final class HostileMessageFuzzMain {
    private HostileMessageFuzzMain() {
    }

    public static void main(String[] args) throws Exception {
        long cases = Long.parseLong(args[0]);
        long seed = Long.parseLong(args[1]);
        FuzzSummary summary = new HostileMessageFuzzer(seed).run(cases);
        summary.examples().forEach(System.out::println);
        System.out.println(summary.line() + " maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
        System.out.flush();
    }
}
