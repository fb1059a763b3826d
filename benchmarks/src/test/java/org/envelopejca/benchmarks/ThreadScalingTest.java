package org.envelopejca.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link ThreadScaling} runs one short round each way on one and two threads (a smoke test, no timing). */
class ThreadScalingTest {
    @Test
    void runsOneRoundEachWay() throws Exception {
        String report = run("--sizes", "1024", "--rounds", "1", "--warmup", "0", "--ms", "20");
        assertTrue(report.contains("encrypt, 1024-byte messages"), report);
        assertTrue(report.contains("decrypt, 1024-byte messages"), report);
        assertEquals(2, report.split("median scaling", -1).length - 1, report);
    }

    @Test
    void runsOneThreadCountOnlyForAProfiler() throws Exception {
        String report = run("--sizes", "1024", "--threads", "2", "--operation", "encrypt", "--rounds", "2",
                "--warmup", "0", "--ms", "20");
        assertEquals(2, report.split("encrypt, 1024-byte messages, 2 thread\\(s\\), round", -1).length - 1, report);
        assertFalse(report.contains("decrypt"), report);
        assertFalse(report.contains("median scaling"), report);
    }

    /** What the runner prints for {@code args}. */
    private static String run(String... args) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ThreadScaling.main(args);
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
