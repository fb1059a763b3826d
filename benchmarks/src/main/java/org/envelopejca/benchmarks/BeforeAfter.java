package org.envelopejca.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of Envelope in one JVM, round by round on the same shape: each {@code benchmarks.jar} given gets a class
 * loader of its own for the project's classes ({@code org.envelopejca.*}), while everything else (ACCP, whose native
 * library a JVM loads once, the JDK, the ESDK) comes from one shared loader. So a change is measured against the
 * build before it under the same machine load and the same JIT, which separate runs on a shared machine do not give.
 * It prints the CPU time per message of each build (median) and the first build's over each other's, round by round.
 *
 * <pre>
 * java -Xbatch -cp benchmarks.jar org.envelopejca.benchmarks.BeforeAfter VARIANT SIZE SUITE ROUNDS WARMUP MS \
 *     before.jar after.jar...
 * </pre>
 * VARIANT is a {@link Workload#of} variant, usually {@code envelope}.
 */
public final class BeforeAfter {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private BeforeAfter() {
    }

    /** Loads everything but the project's classes, which each build's own loader then supplies. */
    private static final class SharedPart extends ClassLoader {
        SharedPart(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.envelopejca.")) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 8) {
            throw new IllegalArgumentException("usage: VARIANT SIZE SUITE ROUNDS WARMUP MS before.jar after.jar...");
        }
        String variant = args[0];
        int size = Integer.parseInt(args[1]);
        String suite = args[2];
        int rounds = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        long millis = Long.parseLong(args[5]);
        List<String> jars = Arrays.asList(args).subList(6, args.length);
        ClassLoader shared = new SharedPart(new URLClassLoader(new URL[] {Path.of(jars.get(0)).toUri().toURL()},
                ClassLoader.getPlatformClassLoader()));
        List<Object> workloads = new ArrayList<>();
        List<Method[]> operations = new ArrayList<>();
        for (String jar : jars) {
            ClassLoader own = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()}, shared);
            Method of = Class.forName(Workload.class.getName(), true, own)
                    .getDeclaredMethod("of", String.class, int.class, int.class, String.class);
            of.setAccessible(true);
            Object workload = of.invoke(null, variant, size, 65536, suite);
            Method encrypt = workload.getClass().getDeclaredMethod("encrypt");
            Method decrypt = workload.getClass().getDeclaredMethod("decrypt");
            encrypt.setAccessible(true);
            decrypt.setAccessible(true);
            workloads.add(workload);
            operations.add(new Method[] {encrypt, decrypt});
            Object backend = Class.forName("org.envelopejca.EnvelopeProvider", true, own)
                    .getMethod("cryptoBackend").invoke(null);
            System.out.printf(Locale.ROOT, "%s: %s%n", Path.of(jar).getFileName(), backend);
        }
        System.out.printf(Locale.ROOT, "JDK %s; %s, %d-byte messages, suite %s, %d rounds of %d ms after %d warmup "
                + "rounds%n", Runtime.version(), variant, size, suite, rounds, millis, warmup);
        for (int op = 0; op < 2; op++) {
            double[][] cpu = new double[jars.size()][rounds];
            for (int round = 0; round < warmup + rounds; round++) {
                for (int k = 0; k < jars.size(); k++) {
                    int i = (k + round) % jars.size(); // the order turns each round
                    double micros = measure(workloads.get(i), operations.get(i)[op], millis);
                    if (round >= warmup) {
                        cpu[i][round - warmup] = micros;
                    }
                }
            }
            StringBuilder line = new StringBuilder(op == 0 ? "encrypt" : "decrypt").append(", CPU µs per message:");
            for (int i = 0; i < jars.size(); i++) {
                double[] ratios = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratios[r] = cpu[0][r] / cpu[i][r];
                }
                double[] sorted = ratios.clone();
                Arrays.sort(sorted);
                line.append(String.format(Locale.ROOT, "  %s %.2f (first / this %.2fx, range %.2f–%.2f)",
                        Path.of(jars.get(i)).getFileName(), Median.of(cpu[i]), Median.of(ratios), sorted[0],
                        sorted[rounds - 1]));
            }
            System.out.println(line);
        }
    }

    private static double measure(Object workload, Method operation, long millis) throws Exception {
        long count = 0;
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long deadline = System.nanoTime() + millis * 1_000_000;
        do {
            for (int i = 0; i < 8; i++) {
                operation.invoke(workload);
            }
            count += 8;
        } while (System.nanoTime() < deadline);
        return (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e3 / count;
    }
}
